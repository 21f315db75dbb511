// Starts a mock PLC directory and the reference Bluesky PDS for Kizuna's tests.
//
// Usage: node serve.js MODULES_PREFIX
//   MODULES_PREFIX  the npm prefix that holds node_modules/@atproto/pds and @did-plc/server
// Environment: KIZUNA_PLC_PORT (the PLC's port) and the PDS_* variables the PDS reads
// (PDS_PORT, PDS_DATA_DIRECTORY, …). PDS_DID_PLC_URL is set here from KIZUNA_PLC_PORT.
//
// Prints one line of JSON ({"ready": true, ...}) on stdout once both servers listen, and
// shuts both down on SIGTERM/SIGINT.
'use strict'

const http = require('node:http')
const path = require('node:path')
const { createRequire } = require('node:module')

// Both servers call listen(port) without a host, which binds every interface. Tests only
// ever talk to 127.0.0.1, so bind there and nowhere else.
const originalListen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1')
  }
  return originalListen.apply(this, args)
}

async function main () {
  const prefix = process.argv[2]
  if (!prefix) throw new Error('usage: node serve.js MODULES_PREFIX')
  const load = createRequire(path.join(path.resolve(prefix), 'package.json'))
  const plcPort = Number(process.env.KIZUNA_PLC_PORT)
  if (!plcPort) throw new Error('KIZUNA_PLC_PORT is not set')

  const plcModule = load('@did-plc/server')
  // The mock database keeps operations in memory: enough for one test session.
  const plc = plcModule.PlcServer.create({ db: plcModule.Database.mock(), port: plcPort })
  await plc.start()

  process.env.PDS_DID_PLC_URL = `http://127.0.0.1:${plcPort}`
  const pdsModule = load('@atproto/pds')
  const env = pdsModule.readEnv()
  const pds = await pdsModule.PDS.create(pdsModule.envToCfg(env), pdsModule.envToSecrets(env))
  await pds.start()

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    try {
      await pds.destroy()
      await plc.destroy()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdout.write(JSON.stringify({ ready: true, pds: env.port, plc: plcPort }) + '\n')
}

main().catch((err) => {
  process.stderr.write(`kizuna pds: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})
