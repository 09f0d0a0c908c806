export * from "~/lib/events-time";
