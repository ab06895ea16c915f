// privkit's script for the docs site (typedoc.json `customJs`, copied to assets/custom.js).
// Draws the page's ```mermaid blocks with the mermaid package bundled beside this file
// (assets/mermaid.min.js, from npm; no CDN), loaded only on pages that have a diagram.
(() => {
  const script = document.currentScript;
  const draw = () => {
    const blocks = [...document.querySelectorAll('pre > code.mermaid, pre > code.language-mermaid')];
    if (blocks.length === 0) return;
    const loader = document.createElement('script');
    loader.src = new URL('mermaid.min.js', script.src).href;
    loader.onload = async () => {
      const dark = document.documentElement.dataset.theme === 'dark'
        || (document.documentElement.dataset.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
      for (const [i, code] of blocks.entries()) {
        const pre = code.parentElement;
        // typedoc's highlighter ends each line with <br>, which textContent drops.
        const copy = code.cloneNode(true);
        for (const br of copy.querySelectorAll('br')) br.replaceWith('\n');
        const { svg } = await window.mermaid.render(`privkit-diagram-${i}`, copy.textContent);
        const figure = document.createElement('div');
        figure.className = 'privkit-diagram';
        figure.setAttribute('role', 'img');
        figure.innerHTML = svg;
        pre.replaceWith(figure);
      }
      document.documentElement.dataset.diagrams = 'drawn';
    };
    document.head.append(loader);
  };
  // The sidebar's first groups are open on a reader's first visit (typedoc remembers each
  // group's state after that): the guides are where to start.
  const OPEN = ['Start here', 'Guides'];
  const openGroups = (tries) => {
    try {
      if (localStorage.getItem('privkit-nav-defaults')) return;
    } catch {
      return;
    }
    const summaries = [...document.querySelectorAll('#tsd-nav-container summary.tsd-accordion-summary')];
    if (summaries.length === 0) {
      if (tries > 0) setTimeout(() => openGroups(tries - 1), 100);
      return;
    }
    for (const summary of summaries) if (OPEN.includes(summary.dataset.key)) summary.parentElement.open = true;
    localStorage.setItem('privkit-nav-defaults', '1');
  };
  const start = () => {
    draw();
    openGroups(50);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
