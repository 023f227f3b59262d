// Checks the weaving report, then runs the woven named module from the module path with no agent.
def log = new File(basedir, 'build.log').text
['weft: wove 3 methods in 1 class',
 'weft: woven demo/mod/Main.squares(I)Ldev/weft/Generator;',
 'weft: woven demo/mod/Main.sum(I)Ldev/weft/Coroutine;',
 'weft: woven demo/mod/Main.one()Ldev/weft/Coroutine;'].each { text ->
    if (!log.contains(text)) {
        throw new AssertionError("build.log lacks: " + text)
    }
}
if (!new File(basedir, 'target/classes/module-info.class').isFile()) {
    throw new AssertionError("module-info.class was not compiled")
}

def runtimeJar = new File(localRepositoryPath,
        "dev/weft/weft-runtime/${projectVersion}/weft-runtime-${projectVersion}.jar")
if (!runtimeJar.isFile()) {
    throw new AssertionError("no runtime jar at " + runtimeJar)
}
def java = new File(System.getProperty('java.home'), 'bin/java').path
def modulePath = new File(basedir, 'target/classes').path + File.pathSeparator + runtimeJar.path
def process = new ProcessBuilder(java, '--module-path', modulePath, '-m', 'demo.mod/demo.mod.Main')
        .redirectErrorStream(true).start()
def output = process.inputStream.text.trim().readLines()
def code = process.waitFor()
if (code != 0 || output != ['1 4 9 done', 'sum 31 in demo.mod']) {
    throw new AssertionError("java -m demo.mod/demo.mod.Main (no agent) exited " + code + " printing " + output)
}
return true
