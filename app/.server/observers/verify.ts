/**
 * The whole verification of a draw: the solver-free checks of draw.ts plus the distribution
 * recomputed from the pool with the same LEXIMIN solver (leximin.ts). A distribution that is
 * consistent with itself but is not the LEXIMIN one of its pool fails here.
 */
import { hashDoc, verifyExport, type DrawExport, type PublishedRecord, type VerifyCheck } from "./draw";
import { InfeasibleQuotasError, solveLeximin } from "./leximin";
import { distributionFromSolved, leximinByRef, ROUNDING_BOUND, withinRoundingBound } from "./lottery";

export async function verifyDraw(x: DrawExport, published: PublishedRecord = {}): Promise<{ ok: boolean; checks: VerifyCheck[]; notes: string[] }> {
  const { checks } = verifyExport(x, published);
  const notes: string[] = [];
  try {
    const solved = await solveLeximin({ seats: x.pool.seats, features: x.pool.features, quotas: x.pool.quotas, applicants: x.pool.applicants });
    const lex = leximinByRef(solved);
    const published = x.distribution.probabilities;
    let worst = { ref: "", rel: 0, p: 0, q: 0 };
    const off: string[] = [];
    for (const [ref, p] of Object.entries(lex)) {
      const q = published[ref] ?? NaN;
      if (!withinRoundingBound(q, p)) off.push(`${ref}: published ${q}, LEXIMIN ${p.toPrecision(6)}`);
      const rel = p > 0 ? Math.abs(q - p) / p : Math.abs(q - p);
      if (!(rel <= worst.rel)) worst = { ref, rel, p, q };
    }
    checks.push({
      name: `distribution is the LEXIMIN one of this pool (every probability within ${ROUNDING_BOUND * 100}% of the recomputed one)`,
      ok: off.length === 0 && Object.keys(published).length === Object.keys(lex).length,
      detail: off.length
        ? `${off.length} differ, e.g. ${off.slice(0, 3).join("; ")}`
        : `lowest LEXIMIN probability ${Math.min(...Object.values(lex)).toPrecision(6)}; largest relative difference ${(worst.rel * 100).toPrecision(3)}% (${worst.ref})`,
    });
    // Same solver, same rounding: normally the very same document. Informative only, since
    // another solver version may pick other panels with the same probabilities.
    const again = distributionFromSolved(solved, x.poolHash, x.distribution.slotsTotal).distribution;
    notes.push(hashDoc(again) === x.distributionHash ? "the recomputed distribution is identical, panel for panel" : "the recomputed distribution has the same probabilities but other panels (another solver version?)");
  } catch (e) {
    checks.push({ name: "distribution is the LEXIMIN one of this pool", ok: false, detail: e instanceof InfeasibleQuotasError ? `the pool cannot meet its quotas: ${e.constraint.detail}` : String((e as Error).message ?? e) });
  }
  return { ok: checks.every((c) => c.ok), checks, notes };
}
