export { createDirectoryDrop, DropError, sha256Hex, type DirectoryDrop, type DropFile } from "./directory-drop";
