// The sandbox provider's storage: in memory, per issuer, lost on restart (as a sandbox should
// be). oidc-provider's own quick-start adapter does the same but warns on every start.

/** @returns {new (model: string) => object} an oidc-provider adapter class with its own store */
export function memoryAdapter() {
  /** @type {Map<string, { payload: Record<string, unknown>, expiresAt: number }>} */
  const store = new Map();
  /** @type {Map<string, Set<string>>} */
  const byGrant = new Map();
  /** @type {Map<string, string>} */
  const index = new Map();
  let writes = 0;

  function sweep() {
    const now = Date.now();
    for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  }

  return class SandboxMemoryAdapter {
    /** @param {string} model */
    constructor(model) {
      this.model = model;
    }

    /** @param {string} id */
    key(id) {
      return `${this.model}:${id}`;
    }

    /** @param {string} id @param {Record<string, unknown>} payload @param {number} [expiresIn] */
    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      store.set(key, { payload: { ...payload }, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
      if (typeof payload.grantId === "string") {
        const keys = byGrant.get(payload.grantId) ?? new Set();
        keys.add(key);
        byGrant.set(payload.grantId, keys);
      }
      if (typeof payload.uid === "string") index.set(`${this.model}:uid:${payload.uid}`, id);
      if (typeof payload.userCode === "string") index.set(`${this.model}:userCode:${payload.userCode}`, id);
      if (++writes % 500 === 0) sweep();
    }

    /** @param {string} id */
    async find(id) {
      const entry = store.get(this.key(id));
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        store.delete(this.key(id));
        return undefined;
      }
      return { ...entry.payload };
    }

    /** @param {string} uid */
    async findByUid(uid) {
      const id = index.get(`${this.model}:uid:${uid}`);
      return id ? this.find(id) : undefined;
    }

    /** @param {string} userCode */
    async findByUserCode(userCode) {
      const id = index.get(`${this.model}:userCode:${userCode}`);
      return id ? this.find(id) : undefined;
    }

    /** @param {string} id */
    async consume(id) {
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    /** @param {string} id */
    async destroy(id) {
      store.delete(this.key(id));
    }

    /** @param {string} grantId */
    async revokeByGrantId(grantId) {
      for (const key of byGrant.get(grantId) ?? []) store.delete(key);
      byGrant.delete(grantId);
    }
  };
}
