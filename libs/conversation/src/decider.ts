/** The Emmett-style decider shape: pure functions over plain, serialisable messages. */
export type Message<Type extends string, Data extends object, Metadata extends object> = {
  readonly type: Type;
  readonly data: Readonly<Data>;
  readonly metadata?: Readonly<Metadata>;
};

export type Decider<State, Command, Event> = {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
};
