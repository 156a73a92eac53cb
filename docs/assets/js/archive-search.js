/* Search in Material's header, backed by Pagefind. The query is folded with the
   same rules as the index (assets/search-folding.json, written from archive/search.py),
   and results show the page's original words with the matches marked. */
(function () {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../../", script.src);  // this file is assets/js/archive-search.js
  const RESULTS_SHOWN = 10;  // at a time: a button under them shows the next ones
  const DEBOUNCE_MS = 50;  // after the last keystroke; Pagefind's index chunks are preloaded meanwhile
  const TYPING_MS = 300;  // keystrokes closer than this are one word being typed: they wait for the next
  let lastInput = -Infinity;
  let tables = null;
  let shardKeys = null;
  let pagefind = null;
  let loading = null;
  let loadingTables = null;

  // The folding table and the list of suggestion shards: small, and all the suggestions need.
  function loadTables() {
    if (!loadingTables) {
      loadingTables = Promise.all([
        fetch(new URL("assets/search-folding.json", root)).then((r) => r.json()),
        fetch(new URL("assets/search-entities/shards.json", root)).then((r) => r.json()),
      ]).then(([folding, shards]) => {
        tables = folding;
        shardKeys = new Set(shards.shards);
      }).catch((error) => { loadingTables = null; throw error; });
    }
    return loadingTables;
  }

  // Folding table and Pagefind load once, in parallel, as the page starts (or from the first focus or keystroke).
  function load() {
    if (!loading) {
      loading = Promise.all([
        loadTables(),
        import(new URL("pagefind/pagefind.js", root).href),
      ]).then(async ([, module]) => {
        // No web worker: starting Pagefind's shared worker and fetching its script cost more than the search
        // it takes off the main thread (about 30 ms at 10,000 articles); measured in bench/RESULTS.md.
        await module.options({ excerptLength: 30, noWorker: true });
        await module.init();
        // The filter file, so the first query's entity search does not wait for one more request.
        module.filters().catch(() => {});
        pagefind = module;
      }).catch((error) => { loading = null; throw error; });
    }
    return loading;
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
        out += tables.digits[part] ?? tables.letters[part] ?? part.toLowerCase();
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
    if (Object.hasOwn(tables.words, word)) word = tables.words[word];  // own keys only: not "constructor"
    for (const [from, to] of tables.prefixes) {
      if (word.startsWith(from)) return to + word.slice(from.length);
    }
    return word;
  }

  function foldQuery(query, withoutClitics) {
    const words = (foldChars(query).match(/[\p{L}\p{N}]+/gu) || []).map((word) => {
      // The index holds every word behind a one-letter clitic also as its stem (archive/search.py).
      // A word the spellings list whole (بوجدانوف) has no clitic: its first letter is its own.
      const clitic = withoutClitics && tables.clitics.includes(word[0]) && word.length - 1 >= tables.minStem
        && !tables.articlePrefixes.some((prefix) => word.startsWith(prefix)) && !Object.hasOwn(tables.words, word);
      return foldWord(clitic ? word.slice(1) : word);
    });
    return words.join(" ");
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // Pagefind gives a result's path from the host, its bundle's folder included (/archive/articles/x/
  // on a site served under /archive/).
  function pageUrl(data) {
    return new URL(data.url, root);
  }

  // An article's words as written (articles/<id>/segments.json, one entry per indexed word): the
  // index holds folded words only, and the excerpt shows the article's own spelling around the matches.
  async function segmentsOf(data) {
    if (!data.filters || !(data.filters.group || []).includes("article")) return null;
    try {
      const response = await fetch(new URL("segments.json", pageUrl(data)).href);
      return response.ok ? await response.json() : null;
    } catch (e) { return null; }
  }

  function excerpt(segments, locations) {
    if (!segments || !locations || !locations.length) return "";
    // A word's extra stem form (ولافروف → لافروف) has an empty segment: mark the word it belongs to.
    const hits = new Set(locations.map((k) => { while (k > 0 && !segments[k]) k--; return k; }));
    const first = Math.max(0, Math.min(...hits) - 10);
    const last = Math.min(segments.length, first + 40);
    let html = first > 0 ? "… " : "";
    for (let k = first; k < last; k++) {
      const text = escapeHtml(segments[k].replace(/\s+/g, " "));
      html += hits.has(k) ? text.replace(/([\p{L}\p{N}\p{M}]+)$/u, "<mark>$1</mark>") : text;
    }
    return html + (last < segments.length ? " …" : "");
  }

  const entityFilter = { filters: { group: "entity" } };

  // Suggestion shards (assets/search-entities/<key>.json, archive.search.entity_suggestions), each fetched once.
  const shards = new Map();
  function shardKey(word) {
    return Array.from(word).slice(0, 2).map((c) => c.codePointAt(0).toString(16).padStart(4, "0")).join("");
  }
  function shard(key) {
    if (!shardKeys.has(key)) return Promise.resolve([]);
    if (!shards.has(key)) {
      shards.set(key, fetch(new URL(`assets/search-entities/${key}.json`, root))
        .then((r) => (r.ok ? r.json() : { entities: [] })).then((d) => d.entities).catch(() => []));
    }
    return shards.get(key);
  }

  // How well a name's folded words answer the query's words (each typed, or its stem): 0 the whole name,
  // 1 whole words of it, 2 the starts of its words; null when some query word starts none of its words.
  function nameMatch(name, words) {
    if (!words.every((alts) => alts.some((q) => name.some((n) => n.startsWith(q))))) return null;
    if (!words.every((alts) => alts.some((q) => name.includes(q)))) return 2;
    return name.length === words.length ? 0 : 1;
  }

  // The stem of a query word behind a one-letter clitic when it is long enough not to be another word
  // (ولافروف → لافروف); null for a shorter one (فعال → عال "high") or none.
  function sureStem(word) {
    return word.stem && word.stem.length >= tables.unionMinStem ? word.stem : null;
  }

  // Actor and resolution pages whose names start with what was typed, from one or two small shards:
  // shown at once, before Pagefind (its WebAssembly, metadata and index) has answered.
  async function suggest(text) {
    await loadTables();
    const query = foldQuery(text, false);
    // A stem behind a typed clitic counts only when long enough not to be another word, as in find():
    // فعال must not suggest العال.
    const words = queryWords(text).map((w) => [w.typed, sureStem(w)].filter(Boolean));
    if (!words.length || words[0].every((q) => q.length < 2)) return { query, entities: [] };
    const keys = [...new Set(words[0].filter((q) => q.length >= 2).map(shardKey))];
    const best = new Map();
    for (const [url, title, kind, articles, names] of (await Promise.all(keys.map(shard))).flat()) {
      const ranks = names.map((name) => nameMatch(name, words)).filter((rank) => rank !== null);
      if (ranks.length && !(best.get(url)?.rank <= Math.min(...ranks))) {
        best.set(url, { url, title, kind, articles, rank: Math.min(...ranks) });
      }
    }
    const entities = [...best.values()].sort((a, b) => a.rank - b.rank || b.articles - a.articles || (a.url < b.url ? -1 : 1));
    return { query, entities: entities.slice(0, 3) };
  }

  function resultItem(href, title, kind) {
    const item = document.createElement("li");
    item.className = "md-search-result__item archive-search-result";
    item.innerHTML = `
        <a href="${escapeHtml(href)}" class="md-search-result__link" tabindex="-1">
          <article class="md-search-result__article md-typeset">
            <h1 class="md-search-result__title">${escapeHtml(title)}<span class="kind">${escapeHtml(kind)}</span></h1>
            <p class="excerpt"></p>
          </article>
        </a>`;
    return item;
  }

  function union(...lists) {
    const seen = new Set();
    return lists.flat().filter((r) => !seen.has(r.id) && seen.add(r.id));
  }

  // Whether every word is the start of an indexed word: Pagefind answers a word that starts none with
  // the pages of the longest indexed word it starts with (ولافروف → ولا), which is no answer at all.
  async function startsIndexedWords(response, words) {
    if (!words.length) return true;
    if (!response.results.length) return false;
    const data = await response.results[0].data();
    const content = data.content.split(/\s+/);
    const matched = data.locations.map((k) => content[k] || "");
    return words.every((word) => matched.some((found) => found.startsWith(word)));
  }

  // Each query word folded as typed and, behind a one-letter clitic (ولافروف، بموسكو), as its stem.
  function queryWords(text) {
    const typed = foldQuery(text, false).split(" ").filter(Boolean);
    const stems = foldQuery(text, true).split(" ").filter(Boolean);
    return typed.map((word, k) => ({ typed: word, stem: stems[k] !== word ? stems[k] : null }));
  }

  // Searches the page and the entity pages (actors, resolutions) for one query, in parallel.
  async function searchWithEntities(query) {
    const [pages, entities] = await Promise.all([pagefind.search(query), pagefind.search(query, entityFilter)]);
    return { pages, entities };
  }

  let generation = 0;
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // The pages for what was typed, actor and resolution pages first; null when a newer keystroke superseded it.
  // The index holds every word behind a one-letter clitic also as its stem (archive/search.py), so a stem
  // finds every page the typed word finds: it is searched instead of the typed word when it is long enough
  // not to be another word (فعال is never searched as عال); a shorter one only when the typed word is in
  // no page at all.
  async function find(text, debounce) {
    const mine = ++generation;
    await load();
    const words = queryWords(text);
    const typed = words.map((w) => w.typed).join(" ");
    if (!typed) return { results: [], query: "" };
    const primary = words.map((w) => sureStem(w) || w.typed).join(" ");
    pagefind.preload(primary);
    if (debounce) {
      await pause(DEBOUNCE_MS);
      if (mine !== generation) return null;
    }
    let query = primary;
    let found = await searchWithEntities(query);
    const unsure = words.filter((w) => w.stem && !sureStem(w)).map((w) => w.typed);
    if (!(await startsIndexedWords(found.pages, unsure))) {
      query = words.map((w) => w.stem || w.typed).join(" ");
      found = await searchWithEntities(query);
    }
    // A word that starts no indexed word is in no page: Pagefind would answer with a shorter word it
    // starts with (القرار 2254 found the pages of 22), which a reader takes for the word itself.
    if (!(await startsIndexedWords(found.pages, query.split(" ")))) return { results: [], query: typed };
    return { results: union(found.entities.results.slice(0, 3), found.pages.results), query: typed };
  }

  // "N results" with the noun agreeing with its number, as archive/render.py's `counted` does.
  function resultCount(n) {
    if (n === 1) return "نتيجة واحدة";
    if (n === 2) return "نتيجتان";
    return `${n} ${n % 100 >= 3 && n % 100 <= 10 ? "نتائج" : "نتيجة"}`;
  }

  // The suggested actor and resolution pages, shown while Pagefind answers; they stay first after.
  function showSuggestions(list, meta, entities) {
    const items = entities.map((entity) => {
      const item = resultItem(new URL(entity.url, root).href, entity.title, entity.kind);
      item.dataset.suggested = "true";
      item.querySelector(".excerpt").textContent = `مقالات: ${entity.articles}`;
      return item;
    });
    list.replaceChildren(...items);
    list.dataset.pending = "1";  // Pagefind's results are still to come
    meta.textContent = "…";
    return items;
  }

  async function search(input, list, meta) {
    // The first keystroke after a pause is searched at once; the ones that follow it quickly wait
    // DEBOUNCE_MS for the next, so a word typed letter by letter is not searched at every letter.
    const now = performance.now();
    const typing = now - lastInput < TYPING_MS;
    lastInput = now;
    const finding = find(input.value, typing);
    let suggested = [];
    try {
      const suggestion = await suggest(input.value);
      if (suggestion.query === foldQuery(input.value, false) && suggestion.entities.length) {
        suggested = showSuggestions(list, meta, suggestion.entities);
      }
    } catch (e) { /* suggestions are a head start only: Pagefind's results follow regardless */ }
    const found = await finding;
    if (found === null || foldQuery(input.value, false) !== found.query) return;  // a newer query is on its way
    if (!found.query) { list.replaceChildren(); meta.textContent = "اكتب للبحث"; return; }
    const count = found.results.length || suggested.length;
    meta.textContent = count ? resultCount(count) : "لا نتائج";
    const kept = suggested.filter((item) => item.isConnected);
    list.replaceChildren(...kept);
    list.dataset.pending = "0";
    await showResults(list, found.results, 0, new Set(kept.map((item) => item.querySelector("a").href)));
  }

  // Results from `from` on, RESULTS_SHOWN of them, one slot each in rank order, each filled as soon as
  // its fragment arrives (the best first, usually); then a button for the next ones, if any.
  async function showResults(list, results, from, shown) {
    const batch = results.slice(from, from + RESULTS_SHOWN);
    const slots = batch.map(() => document.createElement("li"));
    list.append(...slots);
    list.dataset.pending = String(Number(list.dataset.pending) + slots.length);
    if (from + RESULTS_SHOWN < results.length) list.append(moreButton(list, results, from + RESULTS_SHOWN, shown));
    await Promise.all(batch.map(async (result, k) => {
      const data = await result.data();
      if (!slots[k].isConnected) return;  // a newer query replaced these results
      const href = pageUrl(data).href;
      if (shown.has(href)) {  // already on screen as a suggestion
        slots[k].remove();
        list.dataset.pending = String(Number(list.dataset.pending) - 1);
        return;
      }
      shown.add(href);
      // The title is shown at once; the excerpt follows with the article's words as written.
      const item = resultItem(href, data.meta.title || "", data.meta.kind || "");
      slots[k].replaceWith(item);
      const segments = await segmentsOf(data);
      if (!item.isConnected) return;
      item.querySelector(".excerpt").innerHTML = excerpt(segments, data.locations);
      list.dataset.pending = String(Number(list.dataset.pending) - 1);
    }));
  }

  // «عرض النتائج 11–20 من 92»: the next RESULTS_SHOWN results, in place of the button.
  function moreButton(list, results, from, shown) {
    const item = document.createElement("li");
    item.className = "archive-search-more";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = `عرض النتائج ${from + 1}–${Math.min(from + RESULTS_SHOWN, results.length)} من ${results.length}`;
    button.addEventListener("click", () => {
      item.remove();
      showResults(list, results, from, shown);
    });
    item.append(button);
    return item;
  }

  // The result or button chosen with the arrow keys, kept while focus stays in the search box.
  function choices(list) {
    return [...list.querySelectorAll(".archive-search-result > a, .archive-search-more > button")];
  }

  function choose(list, step) {
    const all = choices(list);
    if (!all.length) return;
    const current = all.findIndex((element) => element.parentElement.classList.contains("archive-search-selected"));
    const next = current < 0 ? (step > 0 ? 0 : all.length - 1) : (current + step + all.length) % all.length;
    all.forEach((element, k) => {
      element.parentElement.classList.toggle("archive-search-selected", k === next);
      element.setAttribute("aria-selected", String(k === next));
    });
    all[next].parentElement.scrollIntoView({ block: "nearest" });
  }

  function chosen(list) {
    return choices(list).find((element) => element.parentElement.classList.contains("archive-search-selected"));
  }

  // For tests and the benchmark: the same folding and search the box uses.
  window.archiveSearch = {
    find: (text) => find(text, false),
    fold: (text) => load().then(() => foldQuery(text, false)),
    suggest: (text) => suggest(text).then((found) => found.entities.map((entity) => entity.url)),
  };

  function mount() {
    const input = document.querySelector("[data-archive-search-input]");
    const list = document.querySelector("[data-archive-search-list]");
    const meta = document.querySelector("[data-archive-search-meta]");
    const toggle = document.getElementById("__search");
    if (!input || !list || !meta) return;
    input.addEventListener("input", () => search(input, list, meta));
    input.addEventListener("keydown", (event) => {  // the arrow keys move through the results
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        choose(list, event.key === "ArrowDown" ? 1 : -1);
      }
    });
    if (input.form) {
      input.form.addEventListener("submit", (event) => {  // Enter opens the chosen result, or the first
        event.preventDefault();
        const target = chosen(list) || list.querySelector(".archive-search-result a");
        if (target && target.tagName === "BUTTON") target.click();
        else if (target) window.location.href = target.href;
      });
    }
    input.addEventListener("focus", () => { if (toggle) toggle.checked = true; load(); });
    // A pointer on its way to the search box starts loading the index's entry (about 200 KB).
    document.querySelectorAll(".md-search, label[for='__search']").forEach((element) =>
      element.addEventListener("pointerenter", () => load(), { once: true }));
    if (toggle) toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle) { toggle.checked = false; input.blur(); }
      // "/" or "s" opens the search from anywhere but a text field, as in Material's own search.
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if ((event.key === "/" || event.key === "s") && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        if (toggle) toggle.checked = true;
        input.focus();
      }
    });
  }

  // Pagefind's entry, WebAssembly, page metadata and filter file (about 250 KB gzipped at 10,000 articles, then
  // cached) load as the page starts, so a reader who types at once waits only for the query's own index chunk,
  // as Material's stock search loads its whole index on every page; not when the reader saves data.
  function preload() {
    if (navigator.connection && navigator.connection.saveData) return;
    load().catch(() => {});
  }

  // Loading starts as the script runs (it needs no DOM); the search box is wired once the page is parsed.
  preload();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
