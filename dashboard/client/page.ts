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

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhancePage);
else enhancePage();
