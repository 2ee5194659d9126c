/**
 * SLDS utility icons, inlined from @salesforce-ux/design-system so they work offline and
 * under the app's CSP (no external sprite fetch). Add a name here to use a new icon.
 */
import closeSvg from '@salesforce-ux/design-system/assets/icons/utility/close.svg?raw';
import addSvg from '@salesforce-ux/design-system/assets/icons/utility/add.svg?raw';
import searchSvg from '@salesforce-ux/design-system/assets/icons/utility/search.svg?raw';
import downloadSvg from '@salesforce-ux/design-system/assets/icons/utility/download.svg?raw';
import uploadSvg from '@salesforce-ux/design-system/assets/icons/utility/upload.svg?raw';
import copySvg from '@salesforce-ux/design-system/assets/icons/utility/copy.svg?raw';
import refreshSvg from '@salesforce-ux/design-system/assets/icons/utility/refresh.svg?raw';
import warningSvg from '@salesforce-ux/design-system/assets/icons/utility/warning.svg?raw';
import errorSvg from '@salesforce-ux/design-system/assets/icons/utility/error.svg?raw';
import successSvg from '@salesforce-ux/design-system/assets/icons/utility/success.svg?raw';
import infoSvg from '@salesforce-ux/design-system/assets/icons/utility/info.svg?raw';
import userSvg from '@salesforce-ux/design-system/assets/icons/utility/user.svg?raw';
import chevronrightSvg from '@salesforce-ux/design-system/assets/icons/utility/chevronright.svg?raw';
import chevronleftSvg from '@salesforce-ux/design-system/assets/icons/utility/chevronleft.svg?raw';
import chevrondownSvg from '@salesforce-ux/design-system/assets/icons/utility/chevrondown.svg?raw';
import settingsSvg from '@salesforce-ux/design-system/assets/icons/utility/settings.svg?raw';
import databaseSvg from '@salesforce-ux/design-system/assets/icons/utility/database.svg?raw';
import chartSvg from '@salesforce-ux/design-system/assets/icons/utility/chart.svg?raw';
import checkSvg from '@salesforce-ux/design-system/assets/icons/utility/check.svg?raw';
import clockSvg from '@salesforce-ux/design-system/assets/icons/utility/clock.svg?raw';
import shieldSvg from '@salesforce-ux/design-system/assets/icons/utility/shield.svg?raw';
import lockSvg from '@salesforce-ux/design-system/assets/icons/utility/lock.svg?raw';
import homeSvg from '@salesforce-ux/design-system/assets/icons/utility/home.svg?raw';
import peopleSvg from '@salesforce-ux/design-system/assets/icons/utility/people.svg?raw';
import listSvg from '@salesforce-ux/design-system/assets/icons/utility/list.svg?raw';
import syncSvg from '@salesforce-ux/design-system/assets/icons/utility/sync.svg?raw';
import fileSvg from '@salesforce-ux/design-system/assets/icons/utility/file.svg?raw';
import setupSvg from '@salesforce-ux/design-system/assets/icons/utility/setup.svg?raw';
import filterListSvg from '@salesforce-ux/design-system/assets/icons/utility/filterList.svg?raw';
import tableSvg from '@salesforce-ux/design-system/assets/icons/utility/table.svg?raw';
import editSvg from '@salesforce-ux/design-system/assets/icons/utility/edit.svg?raw';
import arrowdownSvg from '@salesforce-ux/design-system/assets/icons/utility/arrowdown.svg?raw';
import arrowupSvg from '@salesforce-ux/design-system/assets/icons/utility/arrowup.svg?raw';
import taskSvg from '@salesforce-ux/design-system/assets/icons/utility/task.svg?raw';
import changeRecordTypeSvg from '@salesforce-ux/design-system/assets/icons/utility/change_record_type.svg?raw';
import stepsSvg from '@salesforce-ux/design-system/assets/icons/utility/steps.svg?raw';

const RAW = {
  close: closeSvg,
  add: addSvg,
  search: searchSvg,
  download: downloadSvg,
  upload: uploadSvg,
  copy: copySvg,
  refresh: refreshSvg,
  warning: warningSvg,
  error: errorSvg,
  success: successSvg,
  info: infoSvg,
  user: userSvg,
  chevronright: chevronrightSvg,
  chevronleft: chevronleftSvg,
  chevrondown: chevrondownSvg,
  settings: settingsSvg,
  database: databaseSvg,
  chart: chartSvg,
  check: checkSvg,
  clock: clockSvg,
  shield: shieldSvg,
  lock: lockSvg,
  home: homeSvg,
  people: peopleSvg,
  list: listSvg,
  sync: syncSvg,
  file: fileSvg,
  setup: setupSvg,
  filterList: filterListSvg,
  table: tableSvg,
  edit: editSvg,
  arrowdown: arrowdownSvg,
  arrowup: arrowupSvg,
  task: taskSvg,
  change_record_type: changeRecordTypeSvg,
  steps: stepsSvg,
} as const;

export type IconName = keyof typeof RAW;

const inner = new Map<string, { viewBox: string; body: string }>();

/** The viewBox and inner markup of an icon (the files are trusted, shipped with the app). */
export function iconMarkup(name: IconName): { viewBox: string; body: string } {
  let hit = inner.get(name);
  if (!hit) {
    const raw: string = RAW[name];
    const viewBox = /viewBox="([^"]+)"/.exec(raw)?.[1] ?? '0 0 520 520';
    const body = raw.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
    hit = { viewBox, body };
    inner.set(name, hit);
  }
  return hit;
}
