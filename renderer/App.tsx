// The shell: top bar, the current screen, status line and toasts; first load and global shortcuts.

import { useEffect } from 'react';
import { StatusBar, Toasts } from './components/StatusBar.js';
import { ProgressDialog } from './components/ProgressDialog.js';
import { TopBar } from './components/TopBar.js';
import { ProfileDialog } from './screens/members/ProfileDialog.js';
import { BackupDialog } from './screens/backup/BackupDialog.js';
import { CampaignsScreen } from './screens/campaigns/CampaignsScreen.js';
import { ConsolidationScreen } from './screens/consolidate/ConsolidationScreen.js';
import { PackageConfirmDialog, PackageOutcomeDialog, RegisteredDialog } from './screens/consolidate/PackageDialogs.js';
import { PendingPackageDialog, usePendingPackages } from './screens/consolidate/PendingPackageDialog.js';
import { ResultsScreen } from './screens/results/ResultsScreen.js';
import { ScoringScreen } from './screens/scoring/ScoringScreen.js';
import { SignaturesScreen } from './screens/signatures/SignaturesScreen.js';
import { SelfScreen } from './screens/unit/SelfScreen.js';
import { UnitCalendarScreen } from './screens/unit/UnitCalendarScreen.js';
import { UnitPackagesScreen } from './screens/unit/UnitPackagesScreen.js';
import { UnitProfileDialog } from './screens/unit/UnitProfile.js';
import { useStore } from './store/index.js';
import { homeScreen, machineKindOf, SCREENS, screensFor, UNIT_SCREENS, type Screen } from './store/uiSlice.js';

export function App() {
  const screen = useStore((s) => s.screen);
  const language = useStore((s) => s.language);
  const profileOpen = useStore((s) => s.profileOpen);
  const self = useStore((s) => s.self);
  const unitSelf = useStore((s) => s.unitSelf);
  const packageOutcome = useStore((s) => s.packageOutcome);
  const registered = useStore((s) => s.registered);
  const packageConfirm = useStore((s) => s.packageConfirm);
  const pendingPackage = useStore((s) => s.pendingPackages[0]);
  usePendingPackages();
  const backupOpen = useStore((s) => s.backupOpen);

  useEffect(() => {
    const { loadCampaigns, loadSelf, loadUnitSelf, markReady } = useStore.getState();
    // The unit profile is known before the campaigns are listed (a unit's machine lists its own only).
    void Promise.all([loadUnitSelf().then(loadCampaigns), loadSelf()]).finally(markReady);
    // A failed automatic backup is shown as a notice (checked again shortly: it runs after startup).
    const { checkBackupNotice } = useStore.getState();
    void checkBackupNotice();
    const later = setTimeout(() => void checkBackupNotice(), 15_000);
    return () => clearTimeout(later);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  // Once the profile is known (or changes), a screen this machine does not offer gives way to its own work.
  const kind = machineKindOf({ self, unitSelf });
  useEffect(() => {
    if (kind !== undefined && !screensFor(kind).includes(useStore.getState().screen)) useStore.getState().setScreen(homeScreen(kind));
  }, [kind]);
  // A unit's screen named by an old link on a machine that is not a unit's opens the campaigns instead.
  useEffect(() => {
    if (unitSelf === null && UNIT_SCREENS.includes(useStore.getState().screen)) useStore.getState().setScreen('campaigns');
  }, [unitSelf]);

  useEffect(() => {
    const onHash = () => {
      const name = window.location.hash.replace(/^#\/?/, '');
      if (([...SCREENS, ...UNIT_SCREENS] as readonly string[]).includes(name)) useStore.getState().setScreen(name as Screen);
    };
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = ['1', '2', '3', '4', '5'].indexOf(event.key);
      const target = screensFor(machineKindOf(useStore.getState()))[index];
      if (target) {
        event.preventDefault();
        useStore.getState().setScreen(target);
      }
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div className="app">
      <TopBar />
      <main className="screen" data-testid={`screen-${screen}`}>
        {screen === 'campaigns' && <CampaignsScreen />}
        {screen === 'scoring' && <ScoringScreen />}
        {screen === 'ranking' && <ResultsScreen />}
        {screen === 'consolidate' && <ConsolidationScreen />}
        {screen === 'signatures' && <SignaturesScreen />}
        {/* The unit's screens exist on a unit's machine only (an old #/self link elsewhere shows nothing of them). */}
        {unitSelf && screen === 'self' && <SelfScreen />}
        {unitSelf && screen === 'unitPackages' && <UnitPackagesScreen />}
        {unitSelf && screen === 'unitCalendar' && <UnitCalendarScreen />}
      </main>
      <StatusBar />
      <Toasts />
      {packageOutcome && <PackageOutcomeDialog outcome={packageOutcome} onClose={() => useStore.getState().clearPackageOutcome()} />}
      {packageConfirm && <PackageConfirmDialog request={packageConfirm} />}
      {pendingPackage && !packageOutcome && !packageConfirm && <PendingPackageDialog key={pendingPackage.path} pending={pendingPackage} />}
      {registered && <RegisteredDialog identity={registered} onClose={() => useStore.getState().clearRegistered()} />}
      {backupOpen && <BackupDialog onClose={() => useStore.getState().setBackupOpen(false)} />}
      {profileOpen && unitSelf && <UnitProfileDialog onClose={() => useStore.getState().setProfileOpen(false)} />}
      {profileOpen && self !== undefined && unitSelf === null && <ProfileDialog profile={self} onClose={() => useStore.getState().setProfileOpen(false)} />}
      <ProgressDialog />
    </div>
  );
}
