import { useEffect, useState } from 'react';
import { errorMessage } from '../api-client/api-error';
import { broadcastsApi } from '../api-client/broadcasts-api';
import { Alert } from '../ui/alert';
import { TextField } from '../ui/text-field';
import { useResource } from '../ui/use-resource';

const split = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** Opt-out and opt-in keywords and the frequency cap (admins). */
export function BroadcastSettingsForm() {
  const [settings, reload] = useResource(() => broadcastsApi.settings(), []);
  const [optOut, setOptOut] = useState('');
  const [optIn, setOptIn] = useState('');
  const [cap, setCap] = useState('24');
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    if (settings.status !== 'ready') return;
    setOptOut(settings.data.optOutKeywords.join(', '));
    setOptIn(settings.data.optInKeywords.join(', '));
    setCap(String(settings.data.frequencyCapHours));
  }, [settings]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await broadcastsApi.updateSettings({ optOutKeywords: split(optOut), optInKeywords: split(optIn), frequencyCapHours: Number(cap) });
      setMessage({ tone: 'success', text: 'Saved.' });
      reload();
    } catch (caught) {
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  };

  return (
    <form className="card broadcast-settings" aria-labelledby="broadcast-settings-title" onSubmit={save}>
      <h2 className="section-title" id="broadcast-settings-title">
        Rules
      </h2>
      <TextField label="Opt-out keywords" hint="A message that is exactly one of these opts the contact out of broadcasts" value={optOut} onChange={(e) => setOptOut(e.target.value)} />
      <TextField label="Opt-in keywords" value={optIn} onChange={(e) => setOptIn(e.target.value)} />
      <TextField label="At most one broadcast per contact every (hours)" type="number" min={0} max={720} hint="0 turns the cap off" value={cap} onChange={(e) => setCap(e.target.value)} />
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <button type="submit" className="button">
        Save rules
      </button>
    </form>
  );
}
