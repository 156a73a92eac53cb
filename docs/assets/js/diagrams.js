/* Diagrams of the facts (Mermaid, served with the site: no request leaves it). Mermaid
   is loaded only on pages that have a diagram, with securityLevel "strict". */
(function () {
  "use strict";
  const script = document.currentScript;
  function draw() {
    const diagrams = document.querySelectorAll(".archive-diagram");
    if (!diagrams.length) return;
    const loader = document.createElement("script");
    loader.src = new URL("vendor/mermaid.min.js", script.src).href;
    loader.onload = function () {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral",
        fontFamily: "Archive Naskh, Noto Naskh Arabic, Tahoma, sans-serif" });
      window.mermaid.run({ nodes: diagrams });
    };
    document.head.appendChild(loader);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
