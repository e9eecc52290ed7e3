// Progressive enhancement only: without this file the page shows every project and a fixed year.
(() => {
  const year = document.getElementById('year');
  if (year) year.textContent = String(new Date().getFullYear());

  const filter = document.querySelector('.filter');
  const cards = Array.from(document.querySelectorAll('.card[data-tags]'));
  const status = document.querySelector('.filter-status');
  if (!filter || cards.length === 0) return;

  const buttons = Array.from(filter.querySelectorAll('button[data-filter]'));
  const show = (tag) => {
    let shown = 0;
    for (const card of cards) {
      const match = tag === 'all' || card.dataset.tags.split(' ').includes(tag);
      card.hidden = !match;
      if (match) shown += 1;
    }
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.filter === tag));
    if (status) status.textContent = `Showing ${shown} of ${cards.length} projects`;
  };

  filter.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-filter]');
    if (button) show(button.dataset.filter);
  });
  filter.hidden = false;
})();
