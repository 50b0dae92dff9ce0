// The template's build must pass with a clean console: no warnings a new user would have to look up.
// basedir is where this script lies; the template's build log is beside the cloned project
def log = new File(localRepositoryPath, '../it/consumer/build.log').text
def noisy = log.readLines().findAll {
    it.contains('sun.misc.Unsafe') || it.contains('SLF4J(W)') || it.contains('No SLF4J providers') ||
            it.contains('Could not find a valid Docker environment')
}
if (!noisy.isEmpty()) {
    throw new AssertionError("the consumer template's build printed warnings a new user would see:\n" + noisy.join('\n'))
}
if (!log.contains('Tests run: 5, Failures: 0, Errors: 0, Skipped: 0')) {
    throw new AssertionError("the consumer template's tests did not all run")
}
return true
