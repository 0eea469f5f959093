export { walletChannel } from "./channel";
