/**
 * The box for any code: type it, paste it or let a handheld scanner type it (it ends with Enter);
 * as it is typed the box says which scheme it reads as, or what is wrong and where (the character
 * marked), and Enter opens the public scan page for it.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n.ts';
import type { CodeReading } from '../codes/code-reader.ts';

type Reader = typeof import('../codes/code-reader.ts');
let reader: Promise<Reader> | undefined;
/** The parsers, fetched once, after the page is on screen. */
const loadReader = () => (reader ??= import('../codes/code-reader.ts'));

/** The input with the character at `position` (1-based) marked. */
function Marked({ input, position }: { input: string; position: number }) {
  const i = Math.max(0, Math.min(position - 1, input.length));
  return (
    <code className="yima-code-marked" aria-hidden="true">
      {input.slice(0, i)}
      <mark>{input.slice(i, i + 1) || '\u2423'}</mark>
      {input.slice(i + 1)}
    </code>
  );
}

export function CodeBox() {
  const { t } = useTranslation();
  const id = useId();
  const [input, setInput] = useState('');
  const [module, setModule] = useState<Reader>();
  const [tried, setTried] = useState(false);

  useEffect(() => {
    let live = true;
    void loadReader().then((m) => live && setModule(m));
    return () => void (live = false);
  }, []);

  const reading: CodeReading = module ? module.readCode(input, window.location.origin, currentLocale()) : {};
  // Half a code is not wrong yet: say so once it is as long as the shortest code, or on Enter.
  const showError = reading.error !== undefined && (tried || input.trim().length >= 8);

  const open = async () => {
    if (input.trim() === '') return;
    const m = module ?? (await loadReader());
    const r = m.readCode(input, window.location.origin, currentLocale());
    setTried(true);
    if (r.path) window.location.assign(r.path);
  };

  return (
    <form className="yima-code-box" role="search" data-reader={module ? 'ready' : 'loading'} onSubmit={(e) => { e.preventDefault(); void open(); }}>
      <label htmlFor={id} className="yima-code-label">{t('web.code.label')}</label>
      <div className="yima-code-row">
        <input
          id={id}
          name="code"
          className={showError ? 'yima-code-input yima-code-input-error' : 'yima-code-input'}
          value={input}
          onChange={(e) => { setInput(e.target.value); setTried(false); }}
          placeholder={t('web.code.placeholder')}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          aria-describedby={`${id}-reading`}
          aria-invalid={showError || undefined}
        />
        <button type="submit" className="yima-button yima-button-primary yima-code-open">{t('web.code.open')}</button>
      </div>
      <div id={`${id}-reading`} className="yima-code-reading" aria-live="polite" data-testid="code-reading">
        {input.trim() === '' ? (
          <span className="yima-muted">{t('web.code.hint')}</span>
        ) : showError && reading.error ? (
          <>
            <span className="yima-danger">{t('web.code.wrong', { reason: reading.error.text })}</span>
            {reading.error.position !== undefined && <Marked input={input} position={reading.error.position} />}
          </>
        ) : reading.scheme ? (
          <span className={reading.error ? 'yima-muted' : 'yima-success'}>{t('web.code.reads_as', { scheme: reading.scheme.label })}</span>
        ) : null}
      </div>
    </form>
  );
}
