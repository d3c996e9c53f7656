import assert from 'node:assert/strict';
import { kubernetesVersionLdflags, renderBuildGoMod, stagingModules, stagingVersion } from './go-module.js';

describe('go-module', () => {
  describe('stagingVersion', () => {
    const cases = [
      { name: 'patch release', input: 'v1.34.4', want: 'v0.34.4' },
      { name: 'pre-release', input: 'v1.35.0-rc.1', want: 'v0.35.0-rc.1' },
    ];
    for (const tc of cases) it(tc.name, () => assert.equal(stagingVersion(tc.input), tc.want));
    it('rejects a non-v1 version', () => assert.throws(() => stagingVersion('1.34.4')));
  });

  describe('stagingModules', () => {
    const goMod = [
      'module k8s.io/kubernetes',
      'require (',
      '\tk8s.io/api v0.0.0',
      '\tk8s.io/client-go v0.0.0',
      '\tgithub.com/spf13/cobra v1.9.1',
      ')',
      'replace (',
      '\tk8s.io/api => ./staging/src/k8s.io/api',
      '\tk8s.io/client-go => ./staging/src/k8s.io/client-go',
      '\tk8s.io/sample-controller => ./staging/src/k8s.io/sample-controller',
      ')',
    ].join('\n');
    const cases = [
      { name: 'keeps required and replaced staging modules only', input: goMod, want: ['k8s.io/api', 'k8s.io/client-go'] },
      { name: 'single-line forms', input: 'require k8s.io/api v0.0.0\nreplace k8s.io/api => ./staging/src/k8s.io/api\n', want: ['k8s.io/api'] },
      { name: 'nothing to map', input: 'module x\n', want: [] },
    ];
    for (const tc of cases) it(tc.name, () => assert.deepEqual(stagingModules(tc.input), tc.want));
  });

  it('renders a replace line per staging module at the matching v0 tag', () => {
    const goMod = renderBuildGoMod('v1.34.4', ['k8s.io/api']);
    assert.match(goMod, /require k8s\.io\/kubernetes v1\.34\.4/);
    assert.match(goMod, /\tk8s\.io\/api => k8s\.io\/api v0\.34\.4/);
  });

  it('sets gitVersion, gitMajor and gitMinor for component-base and client-go', () => {
    const flags = kubernetesVersionLdflags('v1.34.4', '2026-01-01T00:00:00Z');
    assert.ok(flags.includes('-X k8s.io/component-base/version.gitVersion=v1.34.4'));
    assert.ok(flags.includes('-X k8s.io/component-base/version.gitMinor=34'));
    assert.ok(flags.includes('-X k8s.io/client-go/pkg/version.gitMajor=1'));
  });
});
