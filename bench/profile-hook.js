// Preloaded into the API process by bench/routes.js (`node -r bench/profile-hook.js`) when
// BENCH_PROFILE_DIR is set: SIGWINCH starts V8's CPU profiler, the next SIGWINCH stops it and
// writes `<n>.cpuprofile` there, so each route's load gets a profile of its own without
// restarting the process (a signal-terminated process would never write --cpu-prof's file).
// Not SIGUSR2: Nest's shutdown hooks close the app on it.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  let n = 0;
  const post = (method, params) =>
    new Promise((done, fail) =>
      session.post(method, params, (error, result) => (error ? fail(error) : done(result))),
    );
  process.on('SIGWINCH', () => {
    const step = running
      ? post('Profiler.stop').then(({ profile }) => {
          writeFileSync(join(dir, `${++n}.cpuprofile`), JSON.stringify(profile));
        })
      : post('Profiler.enable')
          .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
          .then(() => post('Profiler.start'));
    running = !running;
    step.catch((error) => console.error('profile-hook:', error));
  });
}
