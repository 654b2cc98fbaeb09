// The CLI's words for what the server sends: known values get their label, anything else is shown readably as sent,
// including values named like Object.prototype's members (a table lookup must not answer with a function).
import { stageLabel, teardownPhaseOf, tunnelLabel } from '../../cli/render/labels';

describe('labels', () => {
  it('names known stages and tunnel states, and shows unknown ones as sent', () => {
    expect(tunnelLabel('connected')).toBe('Connected');
    expect(tunnelLabel('rebooting')).toBe('rebooting');
    expect(stageLabel('someNewStage')).toBe('some new stage');
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'shows %s as text, not a prototype member',
    (key) => {
      expect(tunnelLabel(key)).toBe(key);
      expect(typeof stageLabel(key)).toBe('string');
      expect(stageLabel(key)).toBe(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
      expect(teardownPhaseOf(key)).toBeUndefined();
    },
  );
});
