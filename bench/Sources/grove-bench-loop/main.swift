import GroveLoop
print(libuvVersion)
