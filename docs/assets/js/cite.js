/* The citation of an article page («للاستشهاد بهذا المقال»): the page's full address, which the
   templates cannot know (the site may be served under any address), and a button that copies it. */
(function () {
  "use strict";
  for (const link of document.querySelectorAll("[data-archive-cite-link]")) {
    link.textContent = new URL(link.dataset.archiveCiteLink, window.location.href).href;
  }
  for (const cite of document.querySelectorAll("[data-archive-cite]")) {
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "archive-cite-copy md-button";
    copy.textContent = "نسخ";
    copy.addEventListener("click", () => {
      const done = () => { copy.textContent = "نُسخ"; };
      // The clipboard is there on https and localhost; elsewhere the text is selected for the reader to copy.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(cite.textContent.trim()).then(done, () => select(cite));
      } else {
        select(cite);
      }
    });
    cite.after(copy);
  }

  function select(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }
})();
