// Behaviour shared by every page: filter forms apply as soon as a choice changes, the custom range
// shows its date fields, destructive buttons ask first. Pages work without it (forms still submit).

export function enhancePage(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-autosubmit]')) {
    // empty fields stay out of the URL, so shared links show only what was chosen
    form.addEventListener('submit', () => {
      for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name], select[name]')) {
        if (el.value === '' || (el.closest('[hidden]') && el.type === 'date')) el.disabled = true;
      }
      setTimeout(() => form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[disabled]').forEach((el) => (el.disabled = false)), 0);
    });
    for (const el of form.querySelectorAll<HTMLSelectElement | HTMLInputElement>('select, input[type=radio]')) {
      el.addEventListener('change', () => {
        if (el.name === 'range' && el.value === 'custom') {
          form.querySelector<HTMLElement>('.custom-range')?.removeAttribute('hidden');
          return;
        }
        form.requestSubmit();
      });
    }
  }
  // widths from data attributes: the CSP allows no inline style attributes, but scripts may set styles
  for (const bar of document.querySelectorAll<HTMLElement>('[data-w]')) bar.style.setProperty('--w', bar.dataset.w ?? '0');
  // an OPML file chosen in the browser is read into the form's textarea (no multipart upload needed)
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type=file][data-fills]')) {
    input.addEventListener('change', async () => {
      const target = document.getElementById(input.dataset.fills ?? '') as HTMLTextAreaElement | null;
      const file = input.files?.[0];
      if (target && file) target.value = await file.text();
    });
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-confirm]')) {
    button.addEventListener('click', (event) => {
      if (!window.confirm(button.dataset.confirm ?? 'Are you sure?')) event.preventDefault();
    });
  }
}

interface PreviewItem {
  articleId: number;
  storyId: number | null;
  title: string;
  source: string;
  publishedAt: string | null;
  categories: string[];
  place: string | null;
  killed: number | null;
  injured: number | null;
  outletCount: number | null;
}
interface Preview {
  days: number;
  articles: number;
  incidents: number;
  notifications: number;
  scanned: number;
  capped: boolean;
  items: PreviewItem[];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Draws a preview (or an error) with DOM calls only: titles are user data and never parsed as HTML. */
function renderPreview(target: HTMLElement, scope: string, result: Preview | { error: string }): void {
  target.replaceChildren();
  if ('error' in result) {
    target.append(el('p', result.error, 'warn'));
    return;
  }
  const at = result.capped ? 'at least ' : '';
  const what = scope === 'story'
    ? `${at}${result.incidents} incident${result.incidents === 1 ? '' : 's'} (${result.articles} matching report${result.articles === 1 ? '' : 's'})`
    : `${at}${result.articles} article${result.articles === 1 ? '' : 's'}`;
  const summary = el('p');
  summary.append(el('b', `Would have sent ${result.notifications} notification${result.notifications === 1 ? '' : 's'}`), ` in the last ${result.days} days: ${what}.`);
  target.append(summary);
  if (result.items.length === 0) return;
  const list = el('ol');
  for (const item of result.items) {
    const li = el('li');
    const link = el('a', item.title);
    link.href = item.storyId !== null && scope === 'story' ? `/stories/${item.storyId}` : `/articles/${item.articleId}`;
    const facts = [item.publishedAt?.slice(0, 10), item.place, item.categories.join(', ').replace(/_/g, ' '),
      item.killed !== null ? `${item.killed} killed` : null, item.outletCount ? `${item.outletCount} outlet${item.outletCount === 1 ? '' : 's'}` : item.source].filter(Boolean);
    li.append(link, el('div', facts.join(' · '), 'meta'));
    list.append(li);
  }
  target.append(list);
}

/** The alert form's live preview: what the query would have matched, redrawn as the user types. */
function enhanceAlertForm(form: HTMLFormElement): void {
  const target = document.getElementById('alert-preview');
  if (!target) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const update = async () => {
    const query = (form.elements.namedItem('query') as HTMLInputElement | null)?.value.trim() ?? '';
    const scope = (form.elements.namedItem('scope') as HTMLSelectElement | null)?.value ?? 'story';
    if (!query) return;
    const ticket = ++latest;
    target.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(`/api/alerts/preview?${new URLSearchParams({ query, scope })}`, { headers: { accept: 'application/json' } });
      const body = (await res.json()) as Preview | { error: string };
      if (ticket === latest) renderPreview(target, scope, body);
    } catch {
      if (ticket === latest) renderPreview(target, scope, { error: 'The preview could not be loaded.' });
    } finally {
      if (ticket === latest) target.removeAttribute('aria-busy');
    }
  };
  // parts of the form that only matter for some choices (digest time, surge settings) show with them
  const toggles = [...form.querySelectorAll<HTMLElement>('[data-show-when]')];
  const showRelevant = () => {
    for (const part of toggles) {
      const [name, values] = (part.dataset.showWhen ?? '').split('=');
      const current = (form.elements.namedItem(name ?? '') as HTMLSelectElement | null)?.value ?? '';
      part.hidden = !(values ?? '').split(',').includes(current);
    }
  };
  showRelevant();
  form.addEventListener('change', showRelevant);
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
  form.addEventListener('change', () => void update());
  void update();
}

function enhanceAlertForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-alert-form]')) enhanceAlertForm(form);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhanceAlertForms);
else enhanceAlertForms();

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhancePage);
else enhancePage();
