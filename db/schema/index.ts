export * from "./foundation";
