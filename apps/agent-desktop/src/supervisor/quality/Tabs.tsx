export type Tab = 'floor' | 'quality';

/** The supervision view's two halves: running the floor, and quality control. */
export function Tabs({ tab, onChange }: { tab: Tab; onChange: (tab: Tab) => void }) {
  return (
    <nav role="tablist" className="tabs">
      {(
        [
          ['floor', 'Floor'],
          ['quality', 'Quality'],
        ] as const
      ).map(([value, label]) => (
        <button
          key={value}
          role="tab"
          aria-selected={tab === value}
          className={tab === value ? 'tab tab-selected' : 'tab'}
          onClick={() => onChange(value)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
