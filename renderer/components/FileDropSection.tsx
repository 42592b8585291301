// A panel section that takes files dropped on it (a row's evidence in every role's side panel), lit while
// files are dragged over it.

import { useState, type ReactNode } from 'react';

interface FileDropSectionProps {
  onFiles: (files: File[]) => void;
  testId: string;
  children: ReactNode;
}

export function FileDropSection({ onFiles, testId, children }: FileDropSectionProps) {
  const [dragging, setDragging] = useState(false);
  return (
    <section
      className={dragging ? 'panel-section drop-zone dragging' : 'panel-section drop-zone'}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        setDragging(false);
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        onFiles(Array.from(event.dataTransfer.files));
      }}
      data-testid={testId}
    >
      {children}
    </section>
  );
}
