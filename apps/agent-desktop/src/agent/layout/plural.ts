/** "1 active chat", "2 active chats": English plurals for the few counts the desk shows. */
export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;
