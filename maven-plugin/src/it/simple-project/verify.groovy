// Checks the weaving report of both builds, then runs the woven main class with no agent.
def log = new File(basedir, 'build.log').text

def expect = { String text ->
    if (!log.contains(text)) {
        throw new AssertionError("build.log lacks: " + text)
    }
}
expect('weft: wove 3 methods in 1 class')
expect('weft: woven demo/Countdown.countdown(I)Ldev/weft/Generator;')
expect('weft: woven demo/Countdown.total(I)Ldev/weft/Coroutine;')
expect('weft: wove 1 method in 1 class')
expect('weft: woven demo/CountdownTest.echo()Ldev/weft/Generator;')
expect('Tests run: 2, Failures: 0, Errors: 0')
// the second build: javac had nothing to recompile, and the plugin nothing to rewrite
expect('weft: wove 0 methods in 0 classes (1 class already woven)')

def runtimeJar = new File(localRepositoryPath,
        "dev/weft/weft-runtime/${projectVersion}/weft-runtime-${projectVersion}.jar")
if (!runtimeJar.isFile()) {
    throw new AssertionError("no runtime jar at " + runtimeJar)
}
def java = new File(System.getProperty('java.home'), 'bin/java').path
def classPath = new File(basedir, 'target/classes').path + File.pathSeparator + runtimeJar.path
def process = new ProcessBuilder(java, '-cp', classPath, 'demo.Countdown').redirectErrorStream(true).start()
def output = process.inputStream.text.trim().readLines()
def code = process.waitFor()
if (code != 0 || output != ['3 2 1 liftoff', 'total 106']) {
    throw new AssertionError("java demo.Countdown (no agent) exited " + code + " printing " + output)
}
return true
