import { createHash } from 'node:crypto';

/** The report's stylesheet: system fonts only, so nothing is fetched when it is opened. */
export const REPORT_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5d6675;--line:#dde1e7;--accent:#2457c5;
--used:#2e8b57;--kept:#5b8def;--unused:#d9534f;--high:#c0392b;--medium:#d9822b;--low:#b59a00;--info:#7a8494}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
code,pre,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header{background:#111827;color:#f3f4f6;padding:14px 28px;display:flex;align-items:baseline;gap:18px;flex-wrap:wrap}
header h1{margin:0;font-size:20px;letter-spacing:.5px}header .meta{color:#aab2c0;font-size:13px}
.layout{display:grid;grid-template-columns:270px minmax(0,1fr);min-height:calc(100vh - 52px)}
nav{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:16px 14px;border-right:1px solid var(--line);background:#fbfbfc}
nav h2{font-size:11px;text-transform:uppercase;letter-spacing:1px;color:var(--muted);margin:16px 0 6px}
nav ul{list-style:none;margin:0;padding:0}nav li{margin:1px 0}
nav li a{display:block;padding:3px 6px;border-radius:4px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:13px}
nav li a:hover,nav li a.current{background:#e8eefb;text-decoration:none}
nav input{width:100%;padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:inherit}
main{padding:22px 28px 60px;max-width:1280px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 18px;scroll-margin-top:12px}
section h2{margin:0 0 4px;font-size:18px;word-break:break-all}section h3{font-size:14px;margin:18px 0 6px}
.sub{color:var(--muted);font-size:12px;word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fcfcfd}
.card .n{font-size:22px;font-weight:600}.card .l{color:var(--muted);font-size:12px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:18px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td .mono,td code{overflow-wrap:anywhere}
td.nowrap,td.nowrap code{white-space:nowrap;overflow-wrap:normal}
table.findings{table-layout:fixed}col.c-sev{width:84px}col.c-rule{width:290px}col.c-subject{width:250px}
td.subject{overflow-wrap:anywhere;font-size:13px}
.sev{display:inline-block;min-width:54px;text-align:center;border-radius:10px;padding:0 8px;font-size:11px;font-weight:600;color:#fff}
.sev.count{min-width:26px;padding:0 6px}
.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.filters{display:flex;gap:6px;margin:6px 0 10px;flex-wrap:wrap}
.filters button{border:1px solid var(--line);background:#fff;border-radius:14px;padding:3px 12px;cursor:pointer;font:inherit;font-size:12px}
.filters button[aria-pressed=false]{opacity:.45}
tr.hidden,li.hidden{display:none}
.tags{display:flex;flex-wrap:wrap;gap:4px}.tag{background:#eef1f5;border-radius:4px;padding:0 6px;font-size:12px;word-break:break-all}
details{margin:8px 0}summary{cursor:pointer;color:var(--accent)}
pre{background:#0f172a;color:#e2e8f0;padding:12px 14px;border-radius:8px;overflow:auto;max-height:520px;margin:6px 0}
pre .add{color:#86efac}pre .del{color:#fca5a5}pre .hunk{color:#93c5fd}
.seg-used{fill:var(--used)}.seg-kept{fill:var(--kept)}.seg-unused{fill:var(--unused)}.seg-none{fill:#eef1f5}
.bar-svg{display:block;max-width:100%;height:auto;margin:8px 0 4px;border-radius:4px}
.legend{display:flex;gap:14px;color:var(--muted);font-size:12px;flex-wrap:wrap}
.dot{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.dot-used{background:var(--used)}.dot-kept{background:var(--kept)}.dot-unused{background:var(--unused)}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;fill:var(--ink)}
svg .muted{fill:var(--muted)}svg a:hover text{fill:var(--accent)}
footer{color:var(--muted);font-size:12px;padding:0 28px 24px}
@media (max-width:900px){.layout{grid-template-columns:1fr}nav{position:static;max-height:none;border-right:0}}
`;

/**
 * The report's only script: severity filters for the findings table, a filter box for the navigation,
 * and the current section highlighted. It reads the DOM pare wrote; no data is evaluated as code.
 */
export const REPORT_SCRIPT = `
(function () {
  var pressed = {};
  document.querySelectorAll('.filters button').forEach(function (button) {
    pressed[button.dataset.severity] = true;
    button.addEventListener('click', function () {
      var on = button.getAttribute('aria-pressed') !== 'true';
      button.setAttribute('aria-pressed', String(on));
      pressed[button.dataset.severity] = on;
      document.querySelectorAll('#findings tbody tr').forEach(function (row) {
        row.classList.toggle('hidden', !pressed[row.dataset.severity]);
      });
    });
  });
  var box = document.getElementById('nav-filter');
  if (box) box.addEventListener('input', function () {
    var needle = box.value.toLowerCase();
    document.querySelectorAll('nav li').forEach(function (item) {
      item.classList.toggle('hidden', needle !== '' && item.textContent.toLowerCase().indexOf(needle) < 0);
    });
  });
  var links = {};
  document.querySelectorAll('nav li a').forEach(function (a) { links[a.getAttribute('href').slice(1)] = a; });
  if ('IntersectionObserver' in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var link = links[entry.target.id];
        if (link) link.classList.toggle('current', entry.isIntersecting);
      });
    }, { rootMargin: '0px 0px -70% 0px' });
    document.querySelectorAll('main section[id]').forEach(function (s) { observer.observe(s); });
  }
})();
`;

/** CSP source for an inline block: the page allows its own stylesheet and script and nothing else. */
function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(REPORT_CSS)}`,
  `script-src ${cspHash(REPORT_SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
