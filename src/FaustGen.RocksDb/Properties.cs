// The generator registers the store in every [App] of a project that references this assembly.
[assembly: FaustGen.FaustGenExtension(typeof(FaustGen.RocksDb.RocksDbStoreFactory))]
