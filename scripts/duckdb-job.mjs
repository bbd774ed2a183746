// The benchmark's peer: DuckDB doing migdev's compute job on the same file — keep 9 indicators
// for the World Bank's economies, compute the 10 metrics per country-year, then regional sums
// and GDP-weighted means. Needs MIGDEV_BENCH_DUCKDB=<path to @duckdb/node-api's entry file>.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [file, out] = process.argv.slice(2);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { DuckDBInstance } = await import(pathToFileURL(process.env.MIGDEV_BENCH_DUCKDB).href);
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
const meta = path.join(root, '.bench/regions.csv');
const codes = ['BX.TRF.PWKR.CD.DT', 'BM.TRF.PWKR.CD.DT', 'NY.GDP.MKTP.CD', 'NY.GDP.MKTP.KD.ZG', 'SP.POP.TOTL', 'SM.POP.TOTL', 'DT.ODA.ODAT.CD', 'BX.KLT.DINV.CD.WD', 'NE.EXP.GNFS.CD'];
const sql = `
CREATE TABLE meta AS SELECT * FROM read_csv('${meta}', header = true);
CREATE TABLE raw AS
  SELECT * EXCLUDE ("Country Name", "Indicator Name")
  FROM read_csv('${file}', header = true, all_varchar = false)
  WHERE "Indicator Code" IN (${codes.map((c) => `'${c}'`).join(',')})
    AND "Country Code" IN (SELECT code FROM meta);
CREATE TABLE long AS
  UNPIVOT raw ON COLUMNS('^[0-9]{4}$') INTO NAME year VALUE v;
CREATE TABLE w AS
  PIVOT long ON "Indicator Code" IN (${codes.map((c) => `'${c}'`).join(',')}) USING first(v) GROUP BY "Country Code", year;
CREATE TABLE m AS SELECT "Country Code" AS code, CAST(year AS INTEGER) AS year,
  100 * "BX.TRF.PWKR.CD.DT" / NULLIF("NY.GDP.MKTP.CD", 0) AS remittances_gdp_pct,
  100 * "BM.TRF.PWKR.CD.DT" / NULLIF("NY.GDP.MKTP.CD", 0) AS remittances_outflow_gdp_pct,
  "BX.TRF.PWKR.CD.DT" - "BM.TRF.PWKR.CD.DT" AS net_remittances_usd,
  "BX.TRF.PWKR.CD.DT" / NULLIF("SP.POP.TOTL", 0) AS remittances_per_capita_usd,
  "BX.TRF.PWKR.CD.DT" / NULLIF("DT.ODA.ODAT.CD", 0) AS remittances_to_oda_ratio,
  "BX.TRF.PWKR.CD.DT" / NULLIF("BX.KLT.DINV.CD.WD", 0) AS remittances_to_fdi_ratio,
  100 * "BX.TRF.PWKR.CD.DT" / NULLIF("NE.EXP.GNFS.CD", 0) AS remittances_exports_pct,
  100 * ("BX.TRF.PWKR.CD.DT" / NULLIF(lag("BX.TRF.PWKR.CD.DT") OVER (PARTITION BY "Country Code" ORDER BY year), 0) - 1) AS remittance_growth_pct,
  100 * "SM.POP.TOTL" / NULLIF("SP.POP.TOTL", 0) AS migrant_share_pct,
  "NY.GDP.MKTP.KD.ZG" AS gdp_growth, "BX.TRF.PWKR.CD.DT" AS remit, "NY.GDP.MKTP.CD" AS gdp
  FROM w;
CREATE TABLE cc AS SELECT code, corr(remittance_growth_pct, gdp_growth) AS remittance_countercyclicality FROM m GROUP BY code;
CREATE TABLE g AS SELECT region, year, sum(remit) AS remit_sum,
  100 * sum(remit) FILTER (WHERE gdp IS NOT NULL) / sum(gdp) FILTER (WHERE remit IS NOT NULL) AS remittances_gdp_pct
  FROM m JOIN meta USING (code) GROUP BY region, year;
COPY (SELECT * FROM m ORDER BY code, year) TO '${out}' (HEADER);
`;
for (const stmt of sql.split(';').map((s) => s.trim()).filter(Boolean)) await con.run(stmt);

