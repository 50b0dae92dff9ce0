// A template's build must pass with a clean console (no warnings a new user would have to look up) and run all of its
// tests. The hook runs after each template's build (several may build at once): basedir is this script's directory
// as seen from the cloned project (target/it/<template>/../../../src/it), so the template is the part before "/..".
def expectedTests = ['consumer': 5, 'consumer-spring': 12]
def path = basedir.path
def projectDir = new File(path.contains('/..') ? path.substring(0, path.indexOf('/..')) : path)
def name = projectDir.name
if (!expectedTests.containsKey(name)) {
    throw new AssertionError("no expected test count for the template '${name}' (from ${path}): add it to verify.groovy")
}
def log = new File(projectDir, 'build.log').text
def noisy = log.readLines().findAll {
    it.contains('sun.misc.Unsafe') || it.contains('SLF4J(W)') || it.contains('No SLF4J providers') ||
            it.contains('Could not find a valid Docker environment') || it.contains('A Java agent has been loaded dynamically')
}
if (!noisy.isEmpty()) {
    throw new AssertionError("the ${name} template's build printed warnings a new user would see:\n" + noisy.join('\n'))
}
if (!log.contains("Tests run: ${expectedTests[name]}, Failures: 0, Errors: 0, Skipped: 0")) {
    throw new AssertionError("the ${name} template's tests did not all run (expected ${expectedTests[name]})")
}
return true
