import { displayName } from '../../src/identity/user.repository';

describe("displayName (a user's name from its accounts, as Cypher would order them)", () => {
  const acc = (name: string | null, removedAt: number | null = null) => ({ name, removedAt });

  it('takes the first name of the current accounts, ignoring former ones and accounts without a name', () => {
    expect(displayName([acc('Zoe'), acc('Adam', 1), acc(null), acc('Bea')])).toBe('Bea');
    expect(displayName([acc('Adam', 1)])).toBeNull();
    expect(displayName([])).toBeNull();
  });

  it('orders by code point, as Cypher does: uppercase before lowercase, astral after the rest of the BMP', () => {
    expect(displayName([acc('bob'), acc('Bob')])).toBe('Bob');
    expect(displayName([acc('\u{1F600} smile'), acc('\uFF21 wide')])).toBe('\uFF21 wide');
  });
});
