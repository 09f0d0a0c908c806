export * from "./foundation";
export * from "./decisions";
export * from "./consultations";
export * from "./events";
export * from "./observers";
export * from "./requests";
export * from "./calendar";
export * from "./policies";
