// handbook: draws the page's mermaid diagrams with the build of mermaid that
// handbook.toml names ([markdown] mermaid, in the script tag's data-mermaid),
// in the page's light or dark mode, and again when the mode changes. Only
// pages with a diagram load it. Without it, without JavaScript, or when the
// renderer does not load, each diagram shows as its source.
const script = document.querySelector("script[data-mermaid]");
const blocks = Array.from(document.querySelectorAll("pre.mermaid"));
const sources = blocks.map((b) => b.textContent);
const root = document.documentElement;
const system = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;

// As style.css decides: the switch's choice, else the system's.
function dark() {
  const chosen = root.dataset.theme;
  return chosen ? chosen === "dark" : !!(system && system.matches);
}

if (script && blocks.length) {
  // Relative to the page (the base path is in it already), not to this file.
  const url = new URL(script.dataset.mermaid, document.baseURI).href;
  import(url).then((module) => {
    const mermaid = module.default;
    let drawn = null;
    let queue = Promise.resolve();
    const draw = () => {
      const theme = dark() ? "dark" : "default";
      if (theme === drawn) return queue;
      drawn = theme;
      queue = queue.then(() => {
        blocks.forEach((b, i) => {
          b.removeAttribute("data-processed");
          b.textContent = sources[i];
        });
        mermaid.initialize({ startOnLoad: false, theme: theme });
        return mermaid.run({ nodes: blocks, suppressErrors: true });
      }).catch((e) => console.warn("handbook: a mermaid diagram did not draw", e));
      return queue;
    };
    draw();
    new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    if (system && system.addEventListener) system.addEventListener("change", draw);
  }).catch((e) => console.warn("handbook: mermaid did not load from " + url, e));
}
