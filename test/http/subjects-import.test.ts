import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, subjectRecords } from "../../src/db/schema/index.js";
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
      "kid@example.com,,,1990-02-30",
      "old@example.com,,,1/1/1850",
      "soon@example.com,,,2031-01-01",
    ].join("\n");
    const report = await importSubjects(h.ctx.db, csv, "csv:crm.csv", h.by(), h.ctx.config.TOKEN_SECRET);
    const impossible = "date_of_birth is not a possible date of birth (YYYY-MM-DD or M/D/YYYY)";
    expect(report).toEqual({
      imported: 2,
      suppressed: 0,
      rejected: [
        { field: "line 3", message: "email is not an e-mail address" },
        { field: "line 5", message: impossible },
        { field: "line 6", message: impossible },
        { field: "line 7", message: impossible },
      ],
    });
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
    const [audited] = await h.ctx.db.select().from(auditEvents);
    expect(audited).toMatchObject({
      action: "subject_records_imported",
      subjectType: "subject_records",
      subjectId: "csv:crm.csv",
      actorType: "system",
      actorId: "test",
      data: { imported: 2, rejectedLines: 4 },
    });
  });
});
