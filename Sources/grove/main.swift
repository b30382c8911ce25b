import GroveLoop
print("grove on libuv \(libuvVersion)")
