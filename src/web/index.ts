export { dashboardAssets, WEB_BUILD, type DashboardAssets, type Asset } from './server/assets';
export { createSite, indexHtml, type FetchHandler, type SiteOptions } from './server/site';
