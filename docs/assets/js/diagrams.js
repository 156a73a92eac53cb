/* Diagrams of the facts (Mermaid, served with the site: no request leaves it). Mermaid (3.5 MB)
   is loaded only when a diagram comes near the screen, and runs with securityLevel "strict". */
(function () {
  "use strict";
  const script = document.currentScript;
  let mermaid = null;
  // With this script running, a diagram's source waits unseen until Mermaid draws it (archive.css);
  // without it, the source stays readable as text.
  document.documentElement.classList.add("archive-diagrams");

  // Mermaid is 3.5 MB of script for the browser to parse on its main thread: it waits until the page has
  // settled and the reader is not searching, so it never delays a search result.
  const SETTLE_MS = 800;
  function quiet() {
    return new Promise((resolve) => {
      const check = () => {
        const box = document.querySelector("[data-archive-search-input]");
        if (box && (document.activeElement === box || box.value)) setTimeout(check, 500);
        else if (window.requestIdleCallback) window.requestIdleCallback(() => resolve(), { timeout: 1000 });
        else resolve();
      };
      setTimeout(check, Math.max(0, SETTLE_MS - performance.now()));
    });
  }

  function loadMermaid() {
    if (!mermaid) {
      mermaid = quiet().then(() => new Promise((resolve, reject) => {
        const loader = document.createElement("script");
        loader.src = new URL("vendor/mermaid.min.js", script.src).href;
        loader.onload = () => {
          // Material's blue grey; only Mermaid's "base" theme takes theme variables.
          window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "base",
            themeVariables: { fontFamily: "Archive Naskh, Noto Naskh Arabic, Tahoma, sans-serif", primaryColor: "#eceff1",
              primaryBorderColor: "#546e7a", primaryTextColor: "#263238", lineColor: "#78909c",
              xyChart: { plotColorPalette: "#546e7a" } } });
          resolve(window.mermaid);
        };
        loader.onerror = reject;
        document.head.appendChild(loader);
      }));
    }
    return mermaid;
  }

  function draw() {
    const diagrams = document.querySelectorAll(".archive-diagram");
    if (!diagrams.length) return;
    if (!("IntersectionObserver" in window)) {
      loadMermaid().then((m) => m.run({ nodes: diagrams }));
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      const near = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
      near.forEach((node) => observer.unobserve(node));
      if (near.length) loadMermaid().then((m) => m.run({ nodes: near }));
    }, { rootMargin: "600px 0px" });
    diagrams.forEach((node) => observer.observe(node));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
