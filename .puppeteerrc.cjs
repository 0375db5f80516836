// puppeteer's own postinstall downloads Chrome for Testing; where the download host cannot be
// reached (offline, firewalled, this project's CI) that download fails, and with it the whole
// `npm install`. So during install only, probe the host first and skip the download when it
// is unreachable: Lectern's set-up (scripts/setup-browser.ts) then finds or installs a system
// Chromium. With internet, nothing changes. https://pptr.dev/guides/configuration
const { execFileSync } = require('node:child_process');

function downloadHostReachable() {
  if (process.env.npm_lifecycle_event !== 'postinstall') return true; // only while installing
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'npm_config_https_proxy', 'npm_config_proxy'].some((name) => process.env[name]);
  if (proxied) return true; // a direct probe says nothing about the proxy: let puppeteer try
  const base = process.env.PUPPETEER_CHROME_DOWNLOAD_BASE_URL || 'https://storage.googleapis.com';
  let host;
  let port;
  try {
    const url = new URL(base);
    host = url.hostname;
    port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
  } catch {
    return true;
  }
  const probe = `require('node:net').connect({ host: ${JSON.stringify(host)}, port: ${port}, timeout: 4000 })
    .on('connect', () => process.exit(0)).on('error', () => process.exit(1)).on('timeout', () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 6000 });
    return true;
  } catch {
    console.log(`lectern: ${host} is unreachable, so puppeteer's Chrome download is skipped; PDF export will use a system Chromium`);
    return false;
  }
}

module.exports = downloadHostReachable() ? {} : { skipDownload: true };
