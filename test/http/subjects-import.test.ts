import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subjectRecords } from "../../src/db/schema/index.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("importing subject records", () => {
  it("stores values normalised and reports bad lines by number, without their content", async () => {
    const csv = [
      "Email, Phone, Postal_Code, Date_of_Birth",
      " Kim@Example.com ,+1 (415) 555-0100,94105-1234,7/4/1990",
      "not-an-address,4155550100,,",
      "lee@example.com,,,",
    ].join("\n");
    const report = await importSubjects(h.ctx.db, csv, "csv:crm.csv");
    expect(report).toEqual({ imported: 2, rejected: [{ field: "line 3", message: "invalid email" }] });
    const rows = await h.ctx.db.select().from(subjectRecords);
    expect(
      rows.map(({ email, phone, postalCode, dateOfBirth, source }) => ({
        email,
        phone,
        postalCode,
        dateOfBirth,
        source,
      })),
    ).toEqual([
      {
        email: "kim@example.com",
        phone: "4155550100",
        postalCode: "94105",
        dateOfBirth: "1990-07-04",
        source: "csv:crm.csv",
      },
      { email: "lee@example.com", phone: null, postalCode: null, dateOfBirth: null, source: "csv:crm.csv" },
    ]);
  });
});
