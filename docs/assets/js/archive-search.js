/* Search in Material's header, backed by Pagefind. The query is folded with the
   same rules as the index (assets/search-folding.json, written from archive/search.py),
   and results show the page's original words with the matches marked. */
(function () {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../../", script.src);  // this file is assets/js/archive-search.js
  let tables = null;
  let pagefind = null;

  async function load() {
    if (!tables) {
      tables = await (await fetch(new URL("assets/search-folding.json", root))).json();
    }
    if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ excerptLength: 30 });
      pagefind.init();
    }
  }

  function foldChars(text) {
    let out = "";
    for (const ch of text) {
      for (const part of ch.normalize("NFKC")) {
        if (tables.invisible.includes(part) || part === "\u0640") continue;
        if (/\p{Mn}/u.test(part)) {
          if (part === "\u0654" || part === "\u0655") out += "\u0621";
          continue;
        }
        out += tables.digits[part] ?? tables.letters[part] ?? part;
      }
    }
    return out.replace(/[وي]\u0621/g, "\u0621");
  }

  function foldWord(word) {
    for (const prefix of tables.articlePrefixes) {
      if (word.startsWith(prefix) && word.length - prefix.length >= tables.minStem) {
        word = word.slice(prefix.length);
        break;
      }
    }
    word = tables.words[word] ?? word;
    for (const [from, to] of tables.prefixes) {
      if (word.startsWith(from)) return to + word.slice(from.length);
    }
    return word;
  }

  function foldQuery(query, withoutClitics) {
    const words = (foldChars(query).match(/[\p{L}\p{N}]+/gu) || []).map((word) => {
      // The index holds every word behind a one-letter clitic also as its stem (archive/search.py).
      const clitic = withoutClitics && "وفبكل".includes(word[0]) && !word.startsWith("ال") && word.length - 1 >= tables.minStem;
      return foldWord(clitic ? word.slice(1) : word);
    });
    return words.join(" ");
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function excerpt(data) {
    let segments = null;
    try { segments = data.meta.segments ? JSON.parse(data.meta.segments) : null; } catch (e) { segments = null; }
    if (!segments || !data.locations || !data.locations.length) return "";
    const hits = new Set(data.locations);
    const first = Math.max(0, Math.min(...data.locations) - 10);
    const last = Math.min(segments.length, first + 40);
    let html = first > 0 ? "… " : "";
    for (let k = first; k < last; k++) {
      const text = escapeHtml(segments[k].replace(/\s+/g, " "));
      html += hits.has(k) ? text.replace(/([\p{L}\p{N}\p{M}]+)$/u, "<mark>$1</mark>") : text;
    }
    return html + (last < segments.length ? " …" : "");
  }

  async function search(input, list, meta) {
    await load();
    const query = foldQuery(input.value, false);
    if (!query) { list.innerHTML = ""; meta.textContent = "اكتب للبحث"; return; }
    let response = await pagefind.debouncedSearch(query, {}, 150);
    if (response === null || input.value === "") return;
    if (!response.results.length && foldQuery(input.value, true) !== query) {
      response = await pagefind.search(foldQuery(input.value, true));  // typed with a clitic: try the stems
    }
    // Actor and resolution pages that match come before passing mentions in articles.
    const entities = (await pagefind.search(query, { filters: { group: "entity" } })).results.slice(0, 3);
    const first = new Set(entities.map((r) => r.id));
    response = { results: entities.concat(response.results.filter((r) => !first.has(r.id))) };
    meta.textContent = response.results.length ? `${response.results.length} نتيجة` : "لا نتائج";
    const items = await Promise.all(response.results.slice(0, 10).map((r) => r.data()));
    if (foldQuery(input.value, false) !== query) return;
    list.innerHTML = items.map((data) => `
      <li class="md-search-result__item archive-search-result">
        <a href="${escapeHtml(new URL(data.url, root).href)}" class="md-search-result__link" tabindex="-1">
          <article class="md-search-result__article md-typeset">
            <h1 class="md-search-result__title">${escapeHtml(data.meta.title || "")}<span class="kind">${escapeHtml(data.meta.kind || "")}</span></h1>
            <p class="excerpt">${excerpt(data)}</p>
          </article>
        </a>
      </li>`).join("");
  }

  function mount() {
    const input = document.querySelector("[data-archive-search-input]");
    const list = document.querySelector("[data-archive-search-list]");
    const meta = document.querySelector("[data-archive-search-meta]");
    const toggle = document.getElementById("__search");
    if (!input || !list || !meta) return;
    input.addEventListener("input", () => search(input, list, meta));
    if (input.form) input.form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("focus", () => { if (toggle) toggle.checked = true; load(); });
    if (toggle) toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle) { toggle.checked = false; input.blur(); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
