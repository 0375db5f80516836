// Reads the JSON block the server renders into each page (no inline scripts: see the CSP).
export function pageData<T>(): T {
  const el = document.getElementById('lectern-data');
  if (!el?.textContent) throw new Error('page data missing');
  return JSON.parse(el.textContent) as T;
}
