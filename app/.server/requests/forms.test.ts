import { describe, expect, it } from "vitest";
import { parseInput } from "../forms";
import { correctionSchema, registerSchema, requestSchema } from "./forms";

const valid = { unitId: "3", applicantType: "natural_person", applicantName: "王芳", contactEmail: "", contactPhone: "", contactAddress: "浦东新区", description: "某文件", preferredForm: "paper", delivery: "post" };

describe("request forms", () => {
  it("need one way to reach the applicant, and refuse what the database would choke on", () => {
    expect(parseInput(requestSchema, valid, "zh").ok).toBe(true);
    const none = parseInput(requestSchema, { ...valid, contactAddress: "" }, "en");
    expect(none.ok ? null : none.errors.contactEmail).toBe("Give at least an email, a phone number or a postal address.");
    expect(parseInput(requestSchema, { ...valid, unitId: "99999999999" }, "zh").ok).toBe(false);
    expect(parseInput(correctionSchema, { whatToAdd: "x", dueOn: "2026-02-30" }, "zh").ok).toBe(false);
    expect(parseInput(correctionSchema, { whatToAdd: "x", dueOn: "2026-02-28" }, "zh").ok).toBe(true);
    const reg = parseInput(registerSchema, { ...valid, channel: "fax", receivedOn: "2026-13-01" }, "zh");
    expect(reg.ok ? null : Object.keys(reg.errors)).toEqual(["receivedOn"]);
  });
});
