// The one scripted part of the dashboard: the trend chart, drawn by vega-embed from the same
// vega-lite spec as the chat chart, with tooltips added here (a PNG in chat has no hover).
// Without JavaScript the table under it has the same numbers.
/* global vegaEmbed */
document.addEventListener('DOMContentLoaded', () => {
  const holder = document.getElementById('chart');
  const source = document.getElementById('chart-spec');
  if (!holder || !source || typeof vegaEmbed !== 'function') return;
  const spec = JSON.parse(source.textContent || '{}');
  for (const layer of spec.layer || []) layer.mark = { ...layer.mark, tooltip: true };
  vegaEmbed(holder, spec, { actions: false, renderer: 'svg' })
    .then(() => holder.setAttribute('data-rendered', 'true'))
    .catch(() => holder.setAttribute('hidden', ''));
});
