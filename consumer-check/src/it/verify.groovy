// Each template's build must pass with a clean console (no warnings a new user would have to look up) and run all of
// its tests. basedir is where this script lies; the templates' build logs lie beside the cloned projects. The hook runs
// after each template's build, so it checks every log there is: the last run sees them all.
def expectedTests = ['consumer': 5, 'consumer-spring': 2]
def it = new File(localRepositoryPath, '../it')
expectedTests.each { name, tests ->
    def file = new File(it, "${name}/build.log")
    if (!file.exists()) {
        return
    }
    def log = file.text
    def noisy = log.readLines().findAll {
        it.contains('sun.misc.Unsafe') || it.contains('SLF4J(W)') || it.contains('No SLF4J providers') ||
                it.contains('Could not find a valid Docker environment') || it.contains('A Java agent has been loaded dynamically')
    }
    if (!noisy.isEmpty()) {
        throw new AssertionError("the ${name} template's build printed warnings a new user would see:\n" + noisy.join('\n'))
    }
    if (!log.contains("Tests run: ${tests}, Failures: 0, Errors: 0, Skipped: 0")) {
        throw new AssertionError("the ${name} template's tests did not all run (expected ${tests})")
    }
}
return true
