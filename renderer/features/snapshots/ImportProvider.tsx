import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../components/Alert';
import { ImportDialog, type ImportResult } from './ImportDialog';
import { isSnapshotFileName } from './files';

interface ImportApi {
  /** Opens the import dialog (stage → preview → confirm) for a file. */
  openImport(file: File): void;
  /** A notice that outlives the screen that raised it (a delete can remove the screen's data). */
  notify(variant: 'success' | 'info', title: string, text: string): void;
}

const ImportContext = createContext<ImportApi | null>(null);

export function useSnapshotImport(): ImportApi {
  const ctx = useContext(ImportContext);
  if (!ctx) throw new Error('useSnapshotImport outside SnapshotImportProvider');
  return ctx;
}

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

/**
 * One import dialog for the whole window: the Snapshots screen opens it from its file input,
 * and a .iuasnap dropped anywhere on the window opens it too. After an import it says so and
 * goes to the org's dashboard.
 */
export function SnapshotImportProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState<{ variant: 'success' | 'info'; title?: string; text: string } | null>(null);
  const notify = useCallback((variant: 'success' | 'info', title: string, text: string) => setNotice({ variant, title, text }), []);
  const openImport = useCallback((f: File) => {
    setNotice(null);
    setFile(f);
  }, []);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    // Without preventDefault the browser would open a dropped file in place of the app.
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const dropped = e.dataTransfer?.files?.[0];
      if (!dropped) return;
      e.preventDefault();
      if (isSnapshotFileName(dropped.name)) openImport(dropped);
      else setNotice({ variant: 'info', text: `${dropped.name} is not a snapshot file (.iuasnap), so it was not opened. Scope files are imported on the Systems screen.` });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openImport]);

  function imported(r: ImportResult) {
    setFile(null);
    setNotice({
      variant: 'success',
      title: 'Snapshot imported',
      text: `Imported snapshot ${r.snapshotId} into ${r.orgCreated ? 'the new offline org' : 'the org'} “${r.orgAlias}”: ${r.recordCount.toLocaleString('en-US')} records, content hash ${r.contentHash.slice(0, 16)}…${r.current ? '' : ' It is older than the org’s current snapshot, which stays current.'}`,
    });
    void navigate(`/orgs/${encodeURIComponent(r.orgAlias)}`);
  }

  return (
    <ImportContext.Provider value={{ openImport, notify }}>
      {children}
      {notice && (
        <div className="iua-notice" data-testid="window-notice">
          <Alert variant={notice.variant} title={notice.title}>
            {notice.text}{' '}
            <button type="button" className="slds-button slds-button_neutral slds-m-left_small" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </Alert>
        </div>
      )}
      {dragging && !file && (
        <div className="iua-dropveil" aria-hidden="true">
          <div className="slds-box slds-theme_default slds-text-heading_medium">Drop a .iuasnap file to preview it before importing</div>
        </div>
      )}
      {file && <ImportDialog key={`${file.name}-${file.size}-${file.lastModified}`} file={file} onClose={() => setFile(null)} onImported={imported} />}
    </ImportContext.Provider>
  );
}
