/**
 * `npm run admin:create -- --email chief@pudong.gov.cn --name 区政务公开办`:
 * the first platform admin of a deployment (which starts without accounts).
 * On a terminal it asks for the password twice (an empty answer generates
 * one); otherwise, or with --generate, it generates one and prints it once.
 * Runs against DATABASE_URL, or the PGlite folder when the app is stopped.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import readline from "node:readline";
import { openDatabase } from "#db/index";
import { migrate } from "#db/migrate";
import { adminSchema, createAdmin, generatePassword } from "~/.server/auth/accounts";
import { UserError } from "~/.server/errors";
import { translate } from "~/i18n/messages";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, generate: { type: "boolean" } } });
if (!values.email) {
  console.error("usage: npm run admin:create -- --email <address> [--name <display name>] [--generate]");
  process.exit(2);
}

/** One hidden line from the terminal: what is typed is not echoed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    out._writeToOutput = (s: string) => {
      if (s.includes(question)) out.output.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

let password: string;
let generated = false;
if (values.generate || !process.stdin.isTTY) {
  password = generatePassword();
  generated = true;
} else {
  const first = await askHidden("Password (empty: generate one): ");
  if (first === "") {
    password = generatePassword();
    generated = true;
  } else {
    if ((await askHidden("Again: ")) !== first) {
      console.error("The two passwords differ.");
      process.exit(1);
    }
    password = first;
  }
}

const parsed = adminSchema.safeParse({ email: values.email, displayName: values.name ?? "区政务公开办 管理员", password });
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`${String(i.path[0])}: ${translate("en", i.message as never)}`);
  process.exit(1);
}

const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.PGLITE_DIR ?? path.resolve("data/pglite")),
});
try {
  await migrate(database);
  const { id } = await createAdmin(database.db, parsed.data, new Date());
  console.log(`Admin ${parsed.data.email} created (id ${id}, ${database.driver}).`);
  if (generated) console.log(`Password (shown once, change it after the first login): ${password}`);
} catch (e) {
  if (e instanceof UserError) {
    console.error(translate("en", e.key, e.params));
    process.exitCode = 1;
  } else throw e;
} finally {
  await database.close();
}
