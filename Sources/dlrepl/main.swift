// dlrepl: for now it runs the quickstart training; the REPL and batch runner come with issue 5.
import DLScript
import Foundation

exit(TextFrontEnd.runQuickstart())
