/** `recommendations[2].actions[0].dueDate`; keys that are not identifiers are quoted: `extra["By when"]`. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}
