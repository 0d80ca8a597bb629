import { botLine } from './chat-log';

describe('botLine', () => {
  it('shows text and card titles, and turns quick replies and postback buttons into choices that send their payload', () => {
    const line = botLine({
      text: 'Pick one',
      quickReplies: [{ title: 'Prices', payload: 'n1/prices' }],
      buttons: [
        { kind: 'postback', title: 'Menu', payload: 'MENU' },
        { kind: 'url', title: 'Site', url: 'https://example.com' },
      ],
      cards: [{ title: 'Plan A', buttons: [{ kind: 'postback', title: 'Choose A', payload: 'A' }] }],
      media: { kind: 'image', url: 'https://example.com/a.png' },
    });
    expect(line).toEqual({
      from: 'bot',
      text: 'Pick one\nPlan A',
      media: 'image',
      choices: [
        { title: 'Prices', reply: { text: 'Prices', payload: 'n1/prices' } },
        { title: 'Menu', reply: { text: 'Menu', payload: 'MENU' } },
        { title: 'Choose A', reply: { text: 'Choose A', payload: 'A' } },
      ],
      links: [{ title: 'Site', url: 'https://example.com' }],
    });
  });

  it('keeps a message without text or buttons empty rather than inventing content', () => {
    expect(botLine({})).toEqual({ from: 'bot', text: '', choices: [], links: [], media: undefined });
  });
});
