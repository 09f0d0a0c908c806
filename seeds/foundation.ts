import type { Db } from "#db/index";
import { units, users } from "#db/schema";
import { hashPassword } from "~/.server/auth/password";

/** Every demo account uses this password (README: demo accounts). */
export const DEMO_PASSWORD = "canyu-demo-2026";

const demoUnits = [
  { slug: "district-office", nameZh: "区政府办公室", nameEn: "District Government Office" },
  { slug: "drc", nameZh: "区发展和改革委员会", nameEn: "Development and Reform Commission" },
  { slug: "construction", nameZh: "区建设和交通委员会", nameEn: "Construction and Transport Commission" },
  { slug: "education", nameZh: "区教育局", nameEn: "Education Bureau" },
  { slug: "ecology", nameZh: "区生态环境局", nameEn: "Ecology and Environment Bureau" },
  { slug: "planning", nameZh: "区规划和自然资源局", nameEn: "Planning and Natural Resources Bureau" },
  { slug: "civil-affairs", nameZh: "区民政局", nameEn: "Civil Affairs Bureau" },
  { slug: "hrss", nameZh: "区人力资源和社会保障局", nameEn: "Human Resources and Social Security Bureau" },
  { slug: "market", nameZh: "区市场监督管理局", nameEn: "Market Supervision Administration" },
  { slug: "health", nameZh: "区卫生健康委员会", nameEn: "Health Commission" },
  { slug: "commerce", nameZh: "区商务委员会", nameEn: "Commerce Commission" },
  { slug: "justice", nameZh: "区司法局", nameEn: "Justice Bureau" },
  { slug: "open-gov", nameZh: "区政务公开办公室", nameEn: "Open Government Office" },
] as const;

export type DemoUnitSlug = (typeof demoUnits)[number]["slug"];

export const demoAccounts = [
  { email: "admin@pudong.example", displayName: "区政务公开办 管理员", role: "admin" as const, unit: null },
  { email: "staff.office@pudong.example", displayName: "周敏（区府办）", role: "staff" as const, unit: "district-office" },
  { email: "staff.drc@pudong.example", displayName: "陈立（区发改委）", role: "staff" as const, unit: "drc" },
  { email: "staff.construction@pudong.example", displayName: "顾晓东（区建交委）", role: "staff" as const, unit: "construction" },
  { email: "staff.education@pudong.example", displayName: "沈佳（区教育局）", role: "staff" as const, unit: "education" },
  { email: "staff.civil@pudong.example", displayName: "陆颖（区民政局）", role: "staff" as const, unit: "civil-affairs" },
  { email: "staff.ecology@pudong.example", displayName: "黄海（区生态环境局）", role: "staff" as const, unit: "ecology" },
  { email: "wang.fang@example.com", displayName: "王芳", role: "citizen" as const, unit: null },
  { email: "li.qiang@example.com", displayName: "李强", role: "citizen" as const, unit: null },
  { email: "zhang.wei@example.com", displayName: "张伟（张江小微企业）", role: "citizen" as const, unit: null },
  { email: "chen.jing@example.com", displayName: "陈静", role: "citizen" as const, unit: null },
];

export interface FoundationSeed {
  unitIds: Record<DemoUnitSlug, number>;
  userIds: Record<string, number>;
}

export async function seedFoundation(db: Db): Promise<FoundationSeed> {
  const inserted = await db.insert(units).values([...demoUnits]).returning({ id: units.id, slug: units.slug });
  const unitIds = Object.fromEntries(inserted.map((u) => [u.slug, u.id])) as Record<DemoUnitSlug, number>;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows = await db
    .insert(users)
    .values(
      demoAccounts.map((a) => ({
        email: a.email,
        displayName: a.displayName,
        role: a.role,
        unitId: a.unit ? unitIds[a.unit as DemoUnitSlug] : null,
        passwordHash,
      })),
    )
    .returning({ id: users.id, email: users.email });
  return { unitIds, userIds: Object.fromEntries(rows.map((r) => [r.email, r.id])) };
}
