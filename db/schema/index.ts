export * from "./foundation";
export * from "./decisions";
