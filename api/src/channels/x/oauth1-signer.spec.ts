import { createHmac } from 'node:crypto';
import { normalizeParameters, oauth1Authorization, oauth1Signature, percentEncode, signatureBaseString } from './oauth1-signer';

// X's "Creating a signature" worked example (developer.x.com / dev.twitter.com docs).
const X_EXAMPLE = {
  credentials: {
    consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
    consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
    accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
    accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  },
  fixed: { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: '1318622958' },
  formBody: 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21',
};
const oauthParams = (): Array<[string, string]> => [
  ['oauth_consumer_key', X_EXAMPLE.credentials.consumerKey],
  ['oauth_nonce', X_EXAMPLE.fixed.nonce],
  ['oauth_signature_method', 'HMAC-SHA1'],
  ['oauth_timestamp', X_EXAMPLE.fixed.timestamp],
  ['oauth_token', X_EXAMPLE.credentials.accessToken],
  ['oauth_version', '1.0'],
];
const sign = (url: string) => oauth1Signature({ method: 'POST', url, formBody: X_EXAMPLE.formBody }, oauthParams(), X_EXAMPLE.credentials.consumerSecret, X_EXAMPLE.credentials.accessTokenSecret);

describe('OAuth 1.0a signer', () => {
  it("reproduces X's published base string and signature (API v1, the page's original host)", () => {
    const request = { method: 'POST', url: 'https://api.twitter.com/1/statuses/update.json?include_entities=true', formBody: X_EXAMPLE.formBody };
    expect(signatureBaseString(request, oauthParams())).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(sign('https://api.twitter.com/1/statuses/update.json?include_entities=true')).toBe('tnnArxj06cWHq44gCs1OSKk/jLY=');
  });

  it("reproduces the current page's signature for /1.1/ (computed on api.twitter.com: the page renamed the host in the text only)", () => {
    expect(sign('https://api.twitter.com/1.1/statuses/update.json?include_entities=true')).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    // The host is part of what is signed: the renamed URL gives another signature.
    expect(sign('https://api.x.com/1.1/statuses/update.json?include_entities=true')).not.toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it("normalizes RFC 5849 §3.4.1.3's example: decoded names, '+' as space, repeated and empty parameters", () => {
    const request = { method: 'POST', url: 'http://EXAMPLE.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', formBody: 'c2&a3=2+q' };
    const oauth: Array<[string, string]> = [
      ['oauth_consumer_key', '9djdj82h48djs9d2'], ['oauth_token', 'kkk9d7dh3k39sjv7'], ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'], ['oauth_nonce', '7d8f3e4a'],
    ];
    const normalized = 'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7';
    expect(signatureBaseString(request, oauth)).toBe(`POST&http%3A%2F%2Fexample.com%2Frequest&${percentEncode(normalized)}`);
    expect(normalizeParameters([['b', '2'], ['a', 'z'], ['a', 'b']])).toBe('a=b&a=z&b=2');
  });

  it('percent-encodes per RFC 3986, UTF-8 and upper-case', () => {
    expect(percentEncode("Ladies + Gentlemen, a signed OAuth request!*'()~-._")).toBe('Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21%2A%27%28%29~-._');
    expect(percentEncode('☃')).toBe('%E2%98%83');
  });

  it('builds a header whose signature verifies, with a fresh nonce each time', () => {
    const request = { method: 'POST', url: 'https://api.x.com/2/dm_conversations/with/42/messages' };
    const first = oauth1Authorization(request, X_EXAMPLE.credentials);
    const second = oauth1Authorization(request, X_EXAMPLE.credentials);
    const params = (header: string) => Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
    expect(params(first).oauth_nonce).not.toBe(params(second).oauth_nonce);
    const p = params(first);
    const oauth = Object.entries(p).filter(([k]) => k !== 'oauth_signature') as Array<[string, string]>;
    const key = `${X_EXAMPLE.credentials.consumerSecret}&${X_EXAMPLE.credentials.accessTokenSecret}`;
    expect(createHmac('sha1', key).update(signatureBaseString(request, oauth)).digest('base64')).toBe(p.oauth_signature);
    expect(first).toMatch(/^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="[0-9a-f]{32}", oauth_signature_method="HMAC-SHA1", oauth_timestamp="\d+", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0", oauth_signature="[^"]+"$/);
  });
});
