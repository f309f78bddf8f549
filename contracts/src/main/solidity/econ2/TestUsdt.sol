// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// Devnet-only test USDT: a plain ERC-20 with USDT's 6 decimals. Only the owner (the devnet's
/// deployer, through Econ2Admin) mints; devnet wallets receive it the way they receive PEAQ.
contract TestUsdt is ERC20, Ownable {
    constructor(address owner_) ERC20("Tether USD (devnet test)", "USDT") Ownable(owner_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
